# Shared by the benchmark scripts (sourced, not run): a private work directory, process and PostgreSQL helpers,
# and cleanup on exit. The sourcing script sets BENCH (its name, for messages) before sourcing.
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d "/tmp/rift-$BENCH-bench.XXXXXX")"
chmod 755 "$work"
pids=()

say() { printf '%s\n' "$*" >&2; }
die() { say "$BENCH.sh: $*"; exit 1; }
alive() { local state; state=$(cut -d' ' -f3 "/proc/$1/stat" 2>/dev/null) && [ "$state" != Z ]; }
stop() { # stop PID: SIGTERM (rift serve drains: idle sessions end at once), SIGKILL after 10 s
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

# PostgreSQL's server binaries, or stop.
PGBIN=$(pg_config --bindir 2>/dev/null || true)
[ -x "$PGBIN/initdb" ] || PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)
[ -x "$PGBIN/initdb" ] || die "no PostgreSQL server binaries (initdb) found"

# Build when stale (the launcher does that), then run a private copy of the jar, so that a rebuild in the
# working tree during the run neither changes the code under test nor lands inside a timed command.
private_rift_jar() {
  say "building rift when stale"
  "$here/rift" --version >/dev/null
  cp "$here/cmd/target/rift.jar" "$work/rift.jar"
}
rift() { java ${RIFT_JAVA_OPTS:-} -jar "$work/rift.jar" "$@"; }

pg_port=$(free_port); rift_port=$(free_port)
url() { printf 'postgres://bench@127.0.0.1:%s/%s?sslmode=disable' "$pg_port" "$1"; }
sql() { psql -X -q -At -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$1" -U bench "$2" -c "$3"; }

# start_rift DATABASE: rift serve on $rift_port over the upstream DATABASE, waited for until it answers; sets rift_pid.
# java itself in the background (not the rift function, which would fork a subshell), so $! is the JVM's pid.
start_rift() {
  java ${RIFT_JAVA_OPTS:-} -jar "$work/rift.jar" serve --upstream "$(url "$1")" --listen "127.0.0.1:$rift_port" \
    --http off >"$work/rift.log" 2>&1 &
  rift_pid=$!
  pids+=("$rift_pid")
  local i
  for i in $(seq 1 150); do
    sql "$rift_port" main 'SELECT 1' >/dev/null 2>&1 && return 0
    alive "$rift_pid" || { cat "$work/rift.log" >&2; die "rift serve exited"; }
    [ "$i" -lt 150 ] || { cat "$work/rift.log" >&2; die "rift serve did not accept connections within 30 s"; }
    sleep 0.2
  done
}

# start_postgres [SETTING...]: a throwaway cluster in $work/data on $pg_port, role bench with trust auth; each
# SETTING is a postgresql.conf line added to the common ones.
start_postgres() {
  if [ "$(id -u)" -eq 0 ]; then chown postgres "$work"; fi
  say "starting PostgreSQL on $pg_port"
  as_pg "$PGBIN/initdb" -D "$work/data" -U bench --auth=trust -E UTF8 >/dev/null
  {
    printf "listen_addresses = '127.0.0.1'\nport = %s\nunix_socket_directories = '%s'\n" "$pg_port" "$work"
    printf 'shared_buffers = 256MB\nmax_wal_size = 4GB\n'
    [ $# -eq 0 ] || printf '%s\n' "$@"
  } >> "$work/data/postgresql.conf"
  as_pg "$PGBIN/pg_ctl" -D "$work/data" -l "$work/pg.log" -w start >/dev/null
}
