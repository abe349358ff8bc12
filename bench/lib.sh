# Shared by the benchmark scripts (sourced, not run): a private work directory, process and PostgreSQL helpers,
# and cleanup on exit. The sourcing script sets BENCH (its name, for messages) before sourcing.
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d "/tmp/rift-$BENCH-bench.XXXXXX")"
chmod 755 "$work"
pids=()

say() { printf '%s\n' "$*" >&2; }
die() { say "$BENCH.sh: $*"; exit 1; }
alive() { local state; state=$(cut -d' ' -f3 "/proc/$1/stat" 2>/dev/null) && [ "$state" != Z ]; }
stop() { # stop PID: SIGTERM (rift closes its sessions in a shutdown hook), SIGKILL after 10 s
  local i
  kill "$1" 2>/dev/null || return 0
  for i in $(seq 1 50); do alive "$1" || break; sleep 0.2; done
  if alive "$1"; then say "pid $1 ignored SIGTERM; killing it"; kill -9 "$1" 2>/dev/null || true; fi
  wait "$1" 2>/dev/null || true
}
cleanup() {
  local pid
  for pid in "${pids[@]:-}"; do [ -z "$pid" ] || stop "$pid"; done
  if [ -f "$work/data/postmaster.pid" ]; then as_pg "$PGBIN/pg_ctl" -D "$work/data" -m fast -w stop >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
# The EXIT trap also runs when the script is interrupted or terminated.
trap 'exit 130' INT
trap 'exit 143' TERM

as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now_ns() { date +%s%N; }
