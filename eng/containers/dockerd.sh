#!/usr/bin/env bash
# A private Docker daemon for smoke-running images (Debian docker.io), isolated from
# any system daemon: own data/exec roots, pidfile and unix socket under the state folder.
#   dockerd.sh start   -> prints DOCKER_HOST=unix:///.../docker.sock
#   dockerd.sh stop
# No bridge network and no iptables changes: run containers with --network host and make
# the app listen on 127.0.0.1 (e.g. -e ASPNETCORE_URLS=http://127.0.0.1:PORT).
set -euo pipefail
. "$(dirname "$0")/common.sh"

dir="$STATE_ROOT/dockerd"
pidfile="$dir/dockerd.pid"
sock="$dir/docker.sock"

case ${1:-} in
  start)
    if alive "$pidfile"; then echo "DOCKER_HOST=unix://$sock"; exit 0; fi
    [ "$(id -u)" = 0 ] || die "dockerd needs root"
    ensure_pkg dockerd docker.io
    mkdir -p "$dir/data" "$dir/exec"
    # --bridge=none/--iptables=false: never touch the host network or firewall.
    # --config-file: an empty daemon.json of our own, so /etc/docker/daemon.json is ignored.
    # dockerd launches its own containerd (state under --exec-root) when none is given.
    echo '{}' >"$dir/daemon.json"
    setsid dockerd --config-file "$dir/daemon.json" --host "unix://$sock" \
      --data-root "$dir/data" --exec-root "$dir/exec" --pidfile "$pidfile" \
      --bridge=none --iptables=false --ip6tables=false --ip-masq=false \
      --userland-proxy=false --log-level=warn >"$dir/dockerd.log" 2>&1 </dev/null &
    echo $! >"$dir/launcher.pid"
    for _ in $(seq 150); do
      if docker -H "unix://$sock" version >/dev/null 2>&1; then echo "DOCKER_HOST=unix://$sock"; exit 0; fi
      kill -0 "$(cat "$dir/launcher.pid")" 2>/dev/null || break
      sleep 0.2
    done
    cp "$dir/launcher.pid" "$pidfile" 2>/dev/null || true
    stop_pid "$pidfile"
    die "dockerd did not start; last log lines: $(tail -5 "$dir/dockerd.log")"
    ;;
  stop)
    # Remove our containers first so their shims do not outlive the daemon.
    if alive "$pidfile"; then
      ids=$(docker -H "unix://$sock" ps -aq 2>/dev/null || true)
      [ -n "$ids" ] && docker -H "unix://$sock" rm -f $ids >/dev/null 2>&1 || true
    fi
    stop_pid "$pidfile"
    rm -f "$dir/launcher.pid"
    # Images and layers are cached in data/ for the next run; STATE_ROOT removal cleans them.
    # dockerd leaves its netns bind mount (exec/netns/default) behind; unmount everything
    # below our folder, deepest first, before deleting it.
    if [ "${2:-}" = --purge ]; then
      awk -v d="$dir/" 'index($2, d) == 1 {print $2}' /proc/self/mounts | sort -r | while read -r m; do
        umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true
      done
      rm -rf "$dir"
    fi
    exit 0
    ;;
  *) die "usage: $0 start|stop [--purge]" ;;
esac
