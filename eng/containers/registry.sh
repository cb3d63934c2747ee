#!/usr/bin/env bash
# Local OCI registry (Debian docker-registry = distribution 2.8) for container tests.
#   registry.sh start [--auth USER:PASSWORD]   -> prints REGISTRY=localhost:PORT
#   registry.sh start --token REALM ROOTCERT   -> token auth (the Docker token flow): tokens are JWTs from REALM,
#                                                 signed with a key whose x5c chain ends in ROOTCERT (PEM);
#                                                 service "mlops-registry", issuer "mlops-token"
#   registry.sh stop  [--auth|--token]
# The auth, token and anonymous registries use separate state folders, so all can run at once.
set -euo pipefail
. "$(dirname "$0")/common.sh"

cmd=${1:-}; shift || true
auth=""
token=""
while [ $# -gt 0 ]; do
  case $1 in
    --auth) [ "$cmd" = start ] && { auth=${2:?--auth needs USER:PASSWORD}; shift; } || auth=stop ;;
    --token)
      if [ "$cmd" = start ]; then
        token=${2:?--token needs REALM ROOTCERT}; rootcert=${3:?--token needs REALM ROOTCERT}; shift 2
        [ -f "$rootcert" ] || die "no root certificate bundle at $rootcert"
      else token=stop; fi ;;
    *) die "unknown argument: $1" ;;
  esac
  shift
done
dir="$STATE_ROOT/registry${auth:+-auth}${token:+-token}"
pidfile="$dir/registry.pid"

case $cmd in
  start)
    # Idempotent: reuse a running registry instead of leaking a second one.
    if alive "$pidfile"; then echo "REGISTRY=$(cat "$dir/address")"; exit 0; fi
    ensure_pkg docker-registry docker-registry
    [ -n "$auth" ] && ensure_pkg htpasswd apache2-utils
    mkdir -p "$dir/data"
    port=$(free_port)
    # Our own config: the stock /etc/docker/registry/config.yml listens on all
    # interfaces, so it is never used. Loopback only, storage in the state folder.
    {
      echo "version: 0.1"
      echo "log: {level: warn, accesslog: {disabled: true}}"
      echo "storage:"
      echo "  filesystem: {rootdirectory: $dir/data}"
      echo "  delete: {enabled: true}"
      echo "http:"
      echo "  addr: 127.0.0.1:$port"
      echo "  secret: $(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
      if [ -n "$auth" ]; then
        # distribution only accepts bcrypt entries (-B).
        htpasswd -Bbc "$dir/htpasswd" "${auth%%:*}" "${auth#*:}" 2>/dev/null || die "htpasswd failed"
        echo "auth:"
        echo "  htpasswd: {realm: mlops-test, path: $dir/htpasswd}"
      elif [ -n "$token" ]; then
        echo "auth:"
        echo "  token: {realm: \"$token\", service: mlops-registry, issuer: mlops-token, rootcertbundle: \"$rootcert\"}"
      fi
    } >"$dir/config.yml"
    setsid docker-registry serve "$dir/config.yml" >"$dir/registry.log" 2>&1 </dev/null &
    echo $! >"$pidfile"
    # The SDK treats localhost:PORT as plain HTTP; 127.0.0.1:PORT would be tried as HTTPS.
    echo "localhost:$port" >"$dir/address"
    for _ in $(seq 100); do
      code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/v2/" || true)
      case $code in 200|401) echo "REGISTRY=localhost:$port"; exit 0 ;; esac
      alive "$pidfile" || break
      sleep 0.1
    done
    stop_pid "$pidfile"
    die "registry did not come up on 127.0.0.1:$port; log: $(tail -5 "$dir/registry.log")"
    ;;
  stop)
    stop_pid "$pidfile"
    rm -rf "$dir"
    ;;
  *) die "usage: $0 start|stop [--auth USER:PASSWORD | --token REALM ROOTCERT]" ;;
esac
