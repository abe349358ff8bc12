#!/usr/bin/env bash
# Overlay-branch benchmark: the goals of copy-on-write branches, measured side by side in one run on this
# machine against a throwaway PostgreSQL, printed as a markdown table.
#
#   1. `rift create` latency (p50/p90 over CREATES creates) on a SMALL_SCALE and a BIG_SCALE pgbench upstream:
#      the time the engine takes (printed by the CLI, measured around the engine call) and, separately, the whole
#      command's wall time (JVM start included).                                goal: engine < 20 ms, size-independent
#   2. bytes a branch stores after updating 2 rows of pgbench_accounts (`rift list --json`, field "bytes"),
#      next to pg_total_relation_size('pgbench_accounts').                      goal: < 64 KiB
#   3. pgbench -S -M prepared on a branch where 1% of pgbench_accounts was updated, vs directly against the
#      upstream and vs rift on `main`.                                          goal: branch/direct >= 0.7x
#   4. pgbench TPC-B -M prepared on a fresh branch vs directly against a full copy (CREATE DATABASE ... TEMPLATE),
#      and through rift on `main` (the proxy's share of the difference).
#   5. pgbench -S -C (a new connection for every transaction) on a branch vs rift `main`: what a branch session's
#      second login, as its client role's session role (docs/security.md), costs per connection.
#
#   bench/overlay.sh                          # scales 10 (1M accounts) and 100 (10M), 20 s per pgbench run
#   QUICK=1 DURATION=5 bench/overlay.sh       # scales 1 and 10, 3 s warm-ups: a fast end-to-end check
#   SMALL_SCALE=20 BIG_SCALE=200 CREATES=50 DURATION=60 bench/overlay.sh
#
# Other knobs: WARMUP (s), CLIENTS/THREADS (read-only run), TPCB_CLIENTS/TPCB_THREADS, RIFT_JAVA_OPTS.
# Needs PostgreSQL server binaries, psql, pgbench, python3 and Java 17; builds cmd/target/rift.jar when stale.
set -euo pipefail

QUICK=${QUICK:-0}
if [ "$QUICK" = 1 ]; then
  SMALL_SCALE=${SMALL_SCALE:-1}; BIG_SCALE=${BIG_SCALE:-10}; WARMUP=${WARMUP:-3}
else
  SMALL_SCALE=${SMALL_SCALE:-10}; BIG_SCALE=${BIG_SCALE:-100}; WARMUP=${WARMUP:-10}
fi
DURATION=${DURATION:-20}
CREATES=${CREATES:-20}
CLIENTS=${CLIENTS:-8}
THREADS=${THREADS:-2}
TPCB_CLIENTS=${TPCB_CLIENTS:-4}
TPCB_THREADS=${TPCB_THREADS:-2}
export RIFT_LOG_LEVEL=${RIFT_LOG_LEVEL:-WARN}

BENCH=overlay
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
failed=0

for tool in psql pgbench python3 java; do command -v "$tool" >/dev/null 2>&1 || die "missing $tool"; done

private_rift_jar

start_postgres 'max_connections = 200'

small_rows=$((SMALL_SCALE * 100000)); big_rows=$((BIG_SCALE * 100000))
for db_scale in "small:$SMALL_SCALE" "big:$BIG_SCALE"; do
  db=${db_scale%%:*}; scale=${db_scale#*:}
  say "pgbench -i -s $scale into database $db ($((scale * 100000)) accounts)"
  sql "$pg_port" postgres "CREATE DATABASE $db"
  # Server-side data generation (G): much faster than streaming rows from the client at scale 100.
  pgbench -i -q -I dtGvp -s "$scale" -h 127.0.0.1 -p "$pg_port" -U bench "$db" >"$work/init-$db.log" 2>&1 \
    || { cat "$work/init-$db.log" >&2; die "pgbench -i failed for $db"; }
done
# The full copy for the TPC-B comparison, taken while nothing is connected to the template (rift is not running yet).
sql "$pg_port" postgres "CREATE DATABASE small_copy TEMPLATE small"
accounts_size=$(sql "$pg_port" small "SELECT pg_total_relation_size('pgbench_accounts')")
pg_version=$(sql "$pg_port" postgres "SHOW server_version")

# --- 1. rift create latency -------------------------------------------------------------------------------------
# create_latencies DB -> lines "engine_ms wall_ms" in $work/create-DB.txt. Each branch is deleted again right away,
# so that every create sees the same catalog.
create_latencies() {
  local db=$1 i name out t0 t1 ms
  rift init --upstream "$(url "$db")" >/dev/null 2>"$work/init-rift-$db.log" \
    || { cat "$work/init-rift-$db.log" >&2; die "rift init failed on $db"; }
  : >"$work/create-$db.txt"
  for i in $(seq 1 "$CREATES"); do
    name="lat-$i"
    t0=$(now_ns)
    out=$(rift create "$name" --upstream "$(url "$db")" 2>&1) || die "rift create $name on $db failed: $out"
    t1=$(now_ns)
    ms=$(sed -n 's/^created branch .* in \([0-9.]*\) ms$/\1/p' <<<"$out")
    [ -n "$ms" ] || die "could not read the creation time from: $out"
    echo "$ms $(( (t1 - t0) / 1000 ))" | awk '{ printf "%s %.1f\n", $1, $2 / 1000 }' >>"$work/create-$db.txt"
    out=$(rift delete "$name" --force --upstream "$(url "$db")" 2>&1) || die "rift delete $name on $db failed: $out"
  done
}
say "measuring rift create: $CREATES creates (+ deletes) on $small_rows and on $big_rows accounts"
create_latencies small
create_latencies big

# --- the proxy ----------------------------------------------------------------------------------------------------
say "starting rift on $rift_port"
start_rift small

new_branch() {
  local out
  out=$(rift create "$1" --upstream "$(url small)" 2>&1) || die "rift create $1 failed: $out"
}
branch_field() { # branch_field BRANCH FIELD -> value from `rift list --json`
  rift list --json --upstream "$(url small)" | python3 -c '
import json, sys
name, field = sys.argv[1:3]
rows = [b for b in json.load(sys.stdin) if b["name"] == name]
if not rows: sys.exit("branch %s not listed" % name)
print(rows[0][field])' "$1" "$2"
}

# --- 2. bytes after a 2-row update --------------------------------------------------------------------------------
say "measuring the overlay of a 2-row update"
new_branch two
sql "$rift_port" two "UPDATE pgbench_accounts SET abalance = abalance + 1 WHERE aid IN (1, $((small_rows / 2)))" >/dev/null
two_bytes=$(branch_field two bytes)
two_rows=$(branch_field two rows_changed)
[ "$two_rows" = 2 ] || say "warning: branch two reports $two_rows rows changed, expected 2"

# run_pgbench TAG PORT DB SECONDS CLIENTS THREADS [pgbench options...] -> prints TPS, or NA when pgbench failed
# (the failure and the end of its output go to stderr, and the script ends non-zero after printing the table).
run_pgbench() {
  local tag=$1 port=$2 db=$3 secs=$4 c=$5 j=$6 tps
  shift 6
  if pgbench "$@" -c "$c" -j "$j" -T "$secs" -h 127.0.0.1 -p "$port" -U bench "$db" >"$work/pgbench-$tag.log" 2>&1; then
    tps=$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' "$work/pgbench-$tag.log")
  else
    tps=
  fi
  if [ -z "$tps" ]; then
    say "pgbench $tag failed:"; tail -n 15 "$work/pgbench-$tag.log" >&2
    echo NA
  else
    echo "$tps"
  fi
}

# --- 3. read-only pgbench on a branch with 1% of the accounts changed ----------------------------------------------
say "preparing branch pct: updating 1% of pgbench_accounts through rift"
new_branch pct
sql "$rift_port" pct "UPDATE pgbench_accounts SET abalance = abalance + 1 WHERE aid % 100 = 0" >/dev/null
pct_rows=$(branch_field pct rows_changed)
[ "$pct_rows" = "$((small_rows / 100))" ] || say "warning: branch pct reports $pct_rows rows changed, expected $((small_rows / 100))"

ro=(-n -S -M prepared)
say "warming up ($WARMUP s each): direct, rift main, rift branch"
run_pgbench warm-direct "$pg_port" small "$WARMUP" "$CLIENTS" "$THREADS" "${ro[@]}" >/dev/null
run_pgbench warm-main "$rift_port" main "$WARMUP" "$CLIENTS" "$THREADS" "${ro[@]}" >/dev/null
run_pgbench warm-pct "$rift_port" pct "$WARMUP" "$CLIENTS" "$THREADS" "${ro[@]}" >/dev/null
say "measuring pgbench -S -M prepared -c $CLIENTS -j $THREADS -T $DURATION"
ro_direct=$(run_pgbench ro-direct "$pg_port" small "$DURATION" "$CLIENTS" "$THREADS" "${ro[@]}")
ro_main=$(run_pgbench ro-main "$rift_port" main "$DURATION" "$CLIENTS" "$THREADS" "${ro[@]}")
ro_branch=$(run_pgbench ro-branch "$rift_port" pct "$DURATION" "$CLIENTS" "$THREADS" "${ro[@]}")

# --- 4. TPC-B on a fresh branch vs a full copy --------------------------------------------------------------------
# Both targets are warmed read-only (-S), so the branch stays fresh (nothing written) and the copy's pages are cached.
say "measuring pgbench TPC-B -M prepared -c $TPCB_CLIENTS -j $TPCB_THREADS -T $DURATION: full copy, fresh branch"
new_branch tpcb
run_pgbench warm-copy "$pg_port" small_copy "$WARMUP" "$TPCB_CLIENTS" "$TPCB_THREADS" "${ro[@]}" >/dev/null
run_pgbench warm-tpcb "$rift_port" tpcb "$WARMUP" "$TPCB_CLIENTS" "$TPCB_THREADS" "${ro[@]}" >/dev/null
tpcb_copy=$(run_pgbench tpcb-copy "$pg_port" small_copy "$DURATION" "$TPCB_CLIENTS" "$TPCB_THREADS" -n -M prepared)
tpcb_branch=$(run_pgbench tpcb-branch "$rift_port" tpcb "$DURATION" "$TPCB_CLIENTS" "$TPCB_THREADS" -n -M prepared)
tpcb_bytes=$(branch_field tpcb bytes)
tpcb_rows=$(branch_field tpcb rows_changed)
# Last, as it writes to the upstream: TPC-B through rift on `main`, to tell the proxy's share of the gap from the overlay's.
tpcb_main=$(run_pgbench tpcb-main "$rift_port" main "$DURATION" "$TPCB_CLIENTS" "$TPCB_THREADS" -n -M prepared)

# --- 5. a new connection per transaction: the session role's login ------------------------------------------------
say "measuring pgbench -S -C -c 2 -j 2 -T $DURATION: rift main, then the branch pct"
conn=(-n -S -C)
conn_main=$(run_pgbench conn-main "$rift_port" main "$DURATION" 2 2 "${conn[@]}")
conn_branch=$(run_pgbench conn-branch "$rift_port" pct "$DURATION" 2 2 "${conn[@]}")

for v in "$ro_direct" "$ro_main" "$ro_branch" "$tpcb_copy" "$tpcb_branch" "$tpcb_main" "$conn_main" "$conn_branch"; do [ "$v" != NA ] || failed=1; done
alive "$rift_pid" || { failed=1; say "rift serve died during the run:"; tail -n 30 "$work/rift.log" >&2; }

# --- report -------------------------------------------------------------------------------------------------------
export SMALL_ROWS=$small_rows BIG_ROWS=$big_rows SMALL_SCALE BIG_SCALE CREATES DURATION WARMUP CLIENTS THREADS \
  TPCB_CLIENTS TPCB_THREADS ACCOUNTS_SIZE=$accounts_size TWO_BYTES=$two_bytes TWO_ROWS=$two_rows PCT_ROWS=$pct_rows \
  RO_DIRECT=$ro_direct RO_MAIN=$ro_main RO_BRANCH=$ro_branch TPCB_COPY=$tpcb_copy TPCB_BRANCH=$tpcb_branch TPCB_MAIN=$tpcb_main \
  TPCB_BYTES=$tpcb_bytes TPCB_ROWS=$tpcb_rows CONN_MAIN=$conn_main CONN_BRANCH=$conn_branch PG_VERSION=$pg_version NPROC=$(nproc) \
  LOAD="$(cut -d' ' -f1-3 /proc/loadavg)" JAVA_VERSION="$(java -version 2>&1 | head -n1)" \
  CREATE_SMALL="$work/create-small.txt" CREATE_BIG="$work/create-big.txt"
python3 - <<'PY'
import math, os
e = os.environ

def pct(xs, p):  # nearest-rank percentile
    s = sorted(xs)
    return s[max(0, math.ceil(p / 100 * len(s)) - 1)]

def creates(path):
    rows = [tuple(map(float, line.split())) for line in open(path) if line.strip()]
    return [r[0] for r in rows], [r[1] for r in rows]

def num(v):
    return None if v == "NA" else float(v)

def ratio(a, b):
    return "n/a" if a is None or b is None or b == 0 else f"{a / b:.2f}×"

def tps(v):
    return "failed" if v is None else f"{v:.0f}"

def kib(b):
    return f"{b / 1024:,.0f} KiB" if b < 10 * 1024 * 1024 else f"{b / 1024 / 1024:,.0f} MiB"

def mark(ok):
    return "✅" if ok else "❌"

small, big = int(e["SMALL_ROWS"]), int(e["BIG_ROWS"])
print(f"## rift overlay branches — {e['NPROC']} CPUs, PostgreSQL {e['PG_VERSION']}, {e['JAVA_VERSION']}, "
      f"load average {e['LOAD']}")
print()
print(f"pgbench scales {e['SMALL_SCALE']} ({small:,} accounts) and {e['BIG_SCALE']} ({big:,} accounts); "
      f"{e['CREATES']} creates per upstream; pgbench runs of {e['DURATION']} s after {e['WARMUP']} s warm-ups.")
print()
print("| measure | value | reference | ratio | goal |")
print("| ------- | ----: | --------: | ----: | ---- |")
engine_p50 = {}
for label, rows, path in (("small", small, e["CREATE_SMALL"]), ("big", big, e["CREATE_BIG"])):
    eng, wall = creates(path)
    engine_p50[label] = pct(eng, 50)
    print(f"| `rift create` on {rows:,} accounts: engine p50 / p90 (max) | {pct(eng, 50):.1f} / {pct(eng, 90):.1f} ms "
          f"({max(eng):.1f}) | | | {mark(pct(eng, 50) < 20)} < 20 ms |")
    print(f"| `rift create` on {rows:,} accounts: whole command (JVM) p50 / p90 | {pct(wall, 50):.0f} / "
          f"{pct(wall, 90):.0f} ms | | | (not a goal) |")
size_ratio = engine_p50["big"] / engine_p50["small"] if engine_p50["small"] else float("nan")
print(f"| create p50, {big:,} vs {small:,} accounts | {engine_p50['big']:.1f} ms | {engine_p50['small']:.1f} ms "
      f"| {size_ratio:.2f}× | size-independent |")
two, acc = int(e["TWO_BYTES"]), int(e["ACCOUNTS_SIZE"])
print(f"| overlay bytes after updating {e['TWO_ROWS']} rows | {kib(two)} | {kib(acc)} pgbench_accounts "
      f"| {two / acc:.5f}× | {mark(two < 64 * 1024)} < 64 KiB |")
d, m, b = num(e["RO_DIRECT"]), num(e["RO_MAIN"]), num(e["RO_BRANCH"])
print(f"| `-S -M prepared -c {e['CLIENTS']}` TPS, rift `main` | {tps(m)} | {tps(d)} direct | {ratio(m, d)} | |")
ok = d is not None and b is not None and b / d >= 0.7
print(f"| `-S -M prepared -c {e['CLIENTS']}` TPS, branch with {int(e['PCT_ROWS']):,} rows (1%) changed | {tps(b)} "
      f"| {tps(d)} direct | {ratio(b, d)} | {mark(ok)} ≥ 0.7× |")
print(f"| (same, branch vs rift `main`) | {tps(b)} | {tps(m)} rift `main` | {ratio(b, m)} | |")
c, t, tm = num(e["TPCB_COPY"]), num(e["TPCB_BRANCH"]), num(e["TPCB_MAIN"])
print(f"| TPC-B `-M prepared -c {e['TPCB_CLIENTS']}` TPS, fresh branch | {tps(t)} | {tps(c)} full copy, direct "
      f"| {ratio(t, c)} | |")
print(f"| TPC-B `-M prepared -c {e['TPCB_CLIENTS']}` TPS, rift `main` (proxy only, no overlay) | {tps(tm)} "
      f"| {tps(c)} full copy, direct | {ratio(tm, c)} | |")
cm, cb = num(e["CONN_MAIN"]), num(e["CONN_BRANCH"])
per_conn = f"{(1000 / cb - 1000 / cm) * 2:.1f} ms" if cm and cb else "n/a"
print(f"| `-S -C -c 2` (a connection per transaction) TPS, branch | {tps(cb)} | {tps(cm)} rift `main` | {ratio(cb, cm)} "
      f"| (session-role login: +{per_conn} per connection) |")
print(f"| overlay of the TPC-B branch afterwards | {kib(int(e['TPCB_BYTES']))}, {int(e['TPCB_ROWS']):,} rows changed "
      f"| | | |")
print()
print(f"branch/direct (-S, 1% changed) = {ratio(b, d)}   rift main/direct = {ratio(m, d)}   "
      f"branch/main = {ratio(b, m)}   TPC-B branch/copy = {ratio(t, c)}   TPC-B branch/main = {ratio(t, tm)}   "
      f"create p50 big/small = {size_ratio:.2f}×")
PY

[ "$failed" = 0 ] || die "some runs failed (see above)"
