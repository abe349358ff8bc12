#!/usr/bin/env bash
# Side-by-side proxy benchmark: pgbench against PostgreSQL directly, through rift (branch main),
# and through pgbouncer (session mode), in one run on this machine. Prints TPS, the ratios
# rift/direct and rift/pgbouncer, and the average latency each adds at one client.
#
#   bench/proxy.sh                    # defaults: scale 10, 20 s per run, 8 clients / 2 threads
#   DURATION=60 SCALE=50 bench/proxy.sh
#
# Needs PostgreSQL server binaries, pgbench and pgbouncer (installed with apt-get when missing and root).
set -euo pipefail

DURATION=${DURATION:-20}
WARMUP=${WARMUP:-10}
SCALE=${SCALE:-10}
CLIENTS=${CLIENTS:-8}
THREADS=${THREADS:-2}
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d /tmp/rift-bench.XXXXXX)"
chmod 755 "$work"
pids=()

say() { printf '%s\n' "$*" >&2; }
cleanup() {
  for pid in "${pids[@]:-}"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done
  # runuser does not pass the signal on: pgbouncer is stopped by the PID it wrote itself.
  if [ -f "$work/pgbouncer.pid" ]; then kill "$(cat "$work/pgbouncer.pid")" 2>/dev/null || true; fi
  if [ -f "$work/data/postmaster.pid" ]; then as_pg "$PGBIN/pg_ctl" -D "$work/data" -m fast -w stop >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

need() {
  if ! command -v "$1" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$1" ]; then
    if [ "$(id -u)" -eq 0 ]; then
      say "installing $2"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
    else
      say "missing $1 (install the $2 package)"; exit 1
    fi
  fi
}
need pgbench postgresql-contrib
need pgbouncer pgbouncer
PGBOUNCER=$(command -v pgbouncer || echo /usr/sbin/pgbouncer)
PGBIN=$(pg_config --bindir 2>/dev/null)
[ -x "$PGBIN/initdb" ] || PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)

if [ "$(id -u)" -eq 0 ]; then chown postgres "$work"; fi
pg_port=$(free_port); rift_port=$(free_port); bouncer_port=$(free_port)

say "starting PostgreSQL on $pg_port"
as_pg "$PGBIN/initdb" -D "$work/data" -U bench --auth=trust -E UTF8 >/dev/null
cat >> "$work/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $pg_port
unix_socket_directories = '$work'
max_connections = 200
shared_buffers = 256MB
CONF
as_pg "$PGBIN/pg_ctl" -D "$work/data" -l "$work/pg.log" -w start >/dev/null
"$PGBIN/createdb" -h 127.0.0.1 -p "$pg_port" -U bench bench 2>/dev/null || createdb -h 127.0.0.1 -p "$pg_port" -U bench bench
pgbench -i -q -s "$SCALE" -h 127.0.0.1 -p "$pg_port" -U bench bench >/dev/null 2>&1

say "starting rift on $rift_port"
"$here/rift" --version >/dev/null # the launcher rebuilds the jar when a source is newer than it
RIFT_LOG_LEVEL=WARN java ${RIFT_JAVA_OPTS:-} -jar "$here/cmd/target/rift.jar" serve \
  --upstream "postgres://bench@127.0.0.1:$pg_port/bench?sslmode=disable" --listen "127.0.0.1:$rift_port" \
  >"$work/rift.log" 2>&1 &
pids+=($!)

say "starting pgbouncer on $bouncer_port"
cat > "$work/pgbouncer.ini" <<INI
[databases]
bench = host=127.0.0.1 port=$pg_port dbname=bench
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $bouncer_port
unix_socket_dir =
auth_type = trust
auth_file = $work/userlist.txt
pool_mode = session
max_client_conn = 200
default_pool_size = 50
logfile = $work/pgbouncer.log
pidfile = $work/pgbouncer.pid
INI
echo '"bench" ""' > "$work/userlist.txt"
if [ "$(id -u)" -eq 0 ]; then chown -R postgres "$work"; fi
as_pg "$PGBOUNCER" "$work/pgbouncer.ini" >/dev/null 2>&1 &
pids+=($!)

for i in $(seq 1 100); do
  psql -X -q -h 127.0.0.1 -p "$rift_port" -U bench main -c 'select 1' >/dev/null 2>&1 \
    && psql -X -q -h 127.0.0.1 -p "$bouncer_port" -U bench bench -c 'select 1' >/dev/null 2>&1 && break
  sleep 0.2
done

# run TARGET-PORT DB CLIENTS THREADS SECONDS -> "tps latency_ms"
run() {
  local out
  out=$(pgbench -n -S -M prepared -c "$3" -j "$4" -T "$5" -h 127.0.0.1 -p "$1" -U bench "$2" 2>&1)
  echo "$(echo "$out" | sed -n 's/^tps = \([0-9.]*\).*/\1/p') $(echo "$out" | sed -n 's/^latency average = \([0-9.]*\) ms/\1/p')"
}

say "warming up ($WARMUP s each)"
run "$rift_port" main "$CLIENTS" "$THREADS" "$WARMUP" >/dev/null
run "$bouncer_port" bench "$CLIENTS" "$THREADS" "$WARMUP" >/dev/null

say "measuring: pgbench -S -M prepared -c $CLIENTS -j $THREADS -T $DURATION, then -c 1 -T $DURATION"
read -r d_tps _ <<<"$(run "$pg_port" bench "$CLIENTS" "$THREADS" "$DURATION")"
read -r r_tps _ <<<"$(run "$rift_port" main "$CLIENTS" "$THREADS" "$DURATION")"
read -r b_tps _ <<<"$(run "$bouncer_port" bench "$CLIENTS" "$THREADS" "$DURATION")"
read -r _ d_lat <<<"$(run "$pg_port" bench 1 1 "$DURATION")"
read -r _ r_lat <<<"$(run "$rift_port" main 1 1 "$DURATION")"
read -r _ b_lat <<<"$(run "$bouncer_port" bench 1 1 "$DURATION")"

python3 - "$d_tps" "$r_tps" "$b_tps" "$d_lat" "$r_lat" "$b_lat" "$CLIENTS" "$THREADS" "$DURATION" "$SCALE" <<'PY'
import sys
d, r, b, dl, rl, bl = map(float, sys.argv[1:7])
c, j, t, s = sys.argv[7:]
print(f"pgbench -S -M prepared, scale {s}, {t} s per run, {c} clients / {j} threads; latency at 1 client")
print(f"| target     | TPS (-c {c}) | vs direct | latency -c 1 (ms) | added vs direct (µs) |")
print( "| ---------- | ----------: | --------: | ----------------: | -------------------: |")
for name, tps, lat in (("direct", d, dl), ("rift", r, rl), ("pgbouncer", b, bl)):
    print(f"| {name:<10} | {tps:>11.0f} | {tps/d:>8.2f}× | {lat:>17.3f} | {1000*(lat-dl):>20.0f} |")
print()
print(f"rift/direct TPS = {r/d:.2f}×   rift/pgbouncer TPS = {r/b:.2f}×   "
      f"rift adds {1000*(rl-dl):.0f} µs at -c 1, pgbouncer {1000*(bl-dl):.0f} µs")
PY
