# Shared helpers for the eng/containers scripts (sourced, not executed).
# State lives outside the repo so parallel checkouts/test runs can each point
# MLOPS_CONTAINERS_STATE at their own folder and never share ports or PIDs.
STATE_ROOT="${MLOPS_CONTAINERS_STATE:-/tmp/mlops-containers-$(id -u)}"

die() { echo "error: $*" >&2; exit 1; }
log() { echo "$*" >&2; }   # progress goes to stderr so stdout stays machine-readable

# Install Debian packages only when a command is missing; apt-get update first
# because fresh CI images ship without package lists.
ensure_pkg() { # ensure_pkg COMMAND PACKAGE...
  command -v "$1" >/dev/null 2>&1 && return 0
  shift
  [ "$(id -u)" = 0 ] || die "'$*' not installed and not root; install it: apt-get install -y $*"
  log "installing $* ..."
  # Keep dpkg from auto-starting the stock services: the stock registry listens on
  # 0.0.0.0:5000 and the stock dockerd rewrites the host's iptables.
  local guard=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    guard=/usr/sbin/policy-rc.d; printf '#!/bin/sh\nexit 101\n' >"$guard"; chmod +x "$guard"
  fi
  local rc=0
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"; } >&2 || rc=$?
  [ -n "$guard" ] && rm -f "$guard"
  [ $rc = 0 ] || die "apt-get install $* failed (rc=$rc)"
}

# Ask the kernel for a free port instead of guessing one.
free_port() {
  python3 - <<'PY' 2>/dev/null || shuf -i 20000-60000 -n 1
import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()
PY
}

alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# Stop a daemon by the PID we recorded (never by name: other people's daemons may run).
stop_pid() { # stop_pid PIDFILE
  local pidfile=$1 pid
  alive "$pidfile" || { rm -f "$pidfile"; return 0; }
  pid=$(cat "$pidfile")
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$pidfile"
}
