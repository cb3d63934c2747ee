#!/usr/bin/env bash
# A private Docker daemon for smoke-running images (Debian docker.io), isolated from
# any system daemon: own data/exec roots, pidfile and unix socket under the state folder.
#   dockerd.sh start   -> prints DOCKER_HOST=unix:///.../docker.sock
#   dockerd.sh stop
# Containers get a bridge of their own (one per state folder) and publish ports on 127.0.0.1
# only (docker run -p 127.0.0.1:PORT:8080), through docker's userland proxy: no iptables rule,
# no NAT, no IP forwarding, so nothing outside this machine reaches them and they reach nothing.
set -euo pipefail
. "$(dirname "$0")/common.sh"

dir="$STATE_ROOT/dockerd"
pidfile="$dir/dockerd.pid"
sock="$dir/docker.sock"
# Interface names hold at most 15 characters: "mlops-" + 8 hex digits of the state folder's hash.
bridge="mlops-$(printf %s "$dir" | sha1sum | cut -c1-8)"

# Creates our bridge on a /24 of 10.213.0.0/16 that no address or route of this machine
# covers (tried from a hash of the name, so parallel daemons start far apart); a lock keeps
# two starting daemons from taking the same one. A bridge left by a crashed run is reused.
make_bridge() {
  exec 9>/tmp/mlops-bridges.lock
  flock 9
  if ! ip link show "$bridge" >/dev/null 2>&1; then
    local first=$((0x${bridge:6:2})) i n
    for i in $(seq 0 255); do
      n=$(((first + i) % 256))
      if [ -z "$(ip -4 route show to match "10.213.$n.1" | grep -v '^default')" ] \
         && ! ip -4 addr show | grep -q "inet 10\.213\.$n\."; then
        ip link add name "$bridge" type bridge
        ip addr add "10.213.$n.1/24" dev "$bridge"
        break
      fi
    done
    ip link show "$bridge" >/dev/null 2>&1 || die "no free /24 in 10.213.0.0/16 for the bridge"
  fi
  ip link set "$bridge" up
  exec 9>&-   # closing the file releases the lock (and dockerd does not inherit it)
}

case ${1:-} in
  start)
    if alive "$pidfile"; then echo "DOCKER_HOST=unix://$sock"; exit 0; fi
    [ "$(id -u)" = 0 ] || die "dockerd needs root"
    ensure_pkg dockerd docker.io
    ensure_pkg ip iproute2
    mkdir -p "$dir/data" "$dir/exec"
    make_bridge
    # --bridge: our own bridge as the default network (docker0 would collide between parallel daemons).
    # --iptables/--ip6tables/--ip-masq/--ip-forward=false: never touch the host's firewall, NAT or forwarding
    # sysctl (dockerd sets net.ipv4.ip_forward=1 otherwise). --userland-proxy: published ports are
    # docker-proxy processes listening on the host and connecting to the container over the bridge, which
    # needs no iptables rule; --ip=127.0.0.1: a -p without an address binds loopback, never 0.0.0.0.
    # --config-file: an empty daemon.json of our own, so /etc/docker/daemon.json is ignored.
    # dockerd launches its own containerd (state under --exec-root) when none is given.
    echo '{}' >"$dir/daemon.json"
    setsid dockerd --config-file "$dir/daemon.json" --host "unix://$sock" \
      --data-root "$dir/data" --exec-root "$dir/exec" --pidfile "$pidfile" \
      --bridge="$bridge" --iptables=false --ip6tables=false --ip-masq=false --ip-forward=false \
      --userland-proxy=true --ip=127.0.0.1 --log-level=warn >"$dir/dockerd.log" 2>&1 </dev/null &
    echo $! >"$dir/launcher.pid"
    for _ in $(seq 150); do
      if docker -H "unix://$sock" version >/dev/null 2>&1; then echo "DOCKER_HOST=unix://$sock"; exit 0; fi
      kill -0 "$(cat "$dir/launcher.pid")" 2>/dev/null || break
      sleep 0.2
    done
    cp "$dir/launcher.pid" "$pidfile" 2>/dev/null || true
    stop_pid "$pidfile"
    ip link del "$bridge" 2>/dev/null || true
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
    ip link del "$bridge" 2>/dev/null || true
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
