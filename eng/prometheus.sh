#!/usr/bin/env bash
# Real Prometheus for the monitoring tests (Debian's prometheus package: the server and promtool).
#   prometheus.sh install                         -> prints PROMTOOL=<path> (installs the package when missing)
#   prometheus.sh start --config FILE [--name N]  -> prints PROMETHEUS=http://127.0.0.1:PORT
#   prometheus.sh stop [--name N]
# The server listens on loopback only, on a free port, with its data and log in a state folder per name, so
# parallel test runs (MLOPS_CONTAINERS_STATE) and several servers (--name) never share one.
set -euo pipefail
. "$(dirname "$0")/containers/common.sh"

cmd=${1:-}; shift || true
config="" name=default
while [ $# -gt 0 ]; do
  case $1 in
    --config) config=${2:?--config needs a file}; shift ;;
    --name) name=${2:?--name needs a name}; shift ;;
    *) die "unknown argument: $1" ;;
  esac
  shift
done
dir="$STATE_ROOT/prometheus-$name"
pidfile="$dir/prometheus.pid"

install() {
  command -v prometheus >/dev/null 2>&1 && command -v promtool >/dev/null 2>&1 && return 0
  # Two test projects may ask at once: one apt-get at a time (the second would fail on dpkg's lock), then it finds it installed.
  exec 9>"${TMPDIR:-/tmp}/mlops-prometheus-install.lock"
  flock 9
  # promtool ships in the same package as the server.
  ensure_pkg prometheus prometheus
  command -v promtool >/dev/null || die "promtool is missing although prometheus is installed"
}

case $cmd in
  install)
    install
    echo "PROMTOOL=$(command -v promtool)"
    ;;
  start)
    [ -n "$config" ] || die "start needs --config FILE"
    [ -f "$config" ] || die "no such config: $config"
    # Idempotent like registry.sh, but a running server with another config is a test bug: say so.
    if alive "$pidfile"; then
      [ "$(cat "$dir/config")" = "$(realpath "$config")" ] || die "prometheus '$name' already runs with $(cat "$dir/config")"
      echo "PROMETHEUS=$(cat "$dir/address")"; exit 0
    fi
    install
    mkdir -p "$dir/data"
    realpath "$config" >"$dir/config"
    port=$(free_port)
    # No --web.enable-lifecycle/admin API: the tests only read. Short retention: the data is thrown away anyway.
    setsid prometheus --config.file="$config" --storage.tsdb.path="$dir/data" --storage.tsdb.retention.time=1h \
      --web.listen-address="127.0.0.1:$port" --log.level=warn >"$dir/prometheus.log" 2>&1 </dev/null &
    echo $! >"$pidfile"
    echo "http://127.0.0.1:$port" >"$dir/address"
    for _ in $(seq 150); do
      code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/-/ready" || true)
      [ "$code" = 200 ] && { echo "PROMETHEUS=http://127.0.0.1:$port"; exit 0; }
      alive "$pidfile" || break
      sleep 0.1
    done
    stop_pid "$pidfile"
    die "prometheus did not come up on 127.0.0.1:$port; log: $(tail -5 "$dir/prometheus.log")"
    ;;
  stop)
    stop_pid "$pidfile"
    rm -rf "$dir"
    ;;
  *) die "usage: $0 install | start --config FILE [--name N] | stop [--name N]" ;;
esac
