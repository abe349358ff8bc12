#!/usr/bin/env bash
# Diff and reset benchmark: a branch with CHANGED changed rows (updates, inserts and deletes, a third each) of a
# ROWS-row table, then RUNS times each: `rift diff --stat`, the full `rift diff` (text) and `rift diff --format sql`
# (output to /dev/null), and `rift reset` of a branch with changes; printed as a markdown table (medians, min–max).
#
# Two figures per command: the engine's time as the CLI reports it (diff: "rift diff: N rows in X ms" on stderr,
# from before opening the catalog to the last row written; reset: "reset branch ... in X ms", until the reset is
# committed and announced, without the drop of the old layer's objects that follows), and the wall time of
# the whole CLI process, JVM start included (compare with `rift --version`, also measured). Goals (issue 5): diff of
# 1,000 changed rows on a 10M-row table < 1 s whatever the table's size; reset p50 < 20 ms.
#
#   bench/diff.sh                      # 10M rows, 1,000 changed rows, 5 runs
#   QUICK=1 bench/diff.sh              # 200k rows, 3 runs: a fast end-to-end check
#   ROWS=1000000 CHANGED=10000 RUNS=10 bench/diff.sh
#
# Needs PostgreSQL server binaries, psql, python3 and Java 17; builds cmd/target/rift.jar when stale. Not run in CI.
set -euo pipefail

QUICK=${QUICK:-0}
if [ "$QUICK" = 1 ]; then ROWS=${ROWS:-200000}; RUNS=${RUNS:-3}; else ROWS=${ROWS:-10000000}; RUNS=${RUNS:-5}; fi
CHANGED=${CHANGED:-1000}
export RIFT_LOG_LEVEL=${RIFT_LOG_LEVEL:-WARN}

BENCH=diff
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ms_since() { awk -v ns=$(($(now_ns) - $1)) 'BEGIN { printf "%.1f\n", ns / 1e6 }'; }

for tool in psql python3 java; do command -v "$tool" >/dev/null 2>&1 || die "missing $tool"; done

private_rift_jar

start_postgres

say "loading $ROWS rows into bench.items"
sql "$pg_port" postgres "CREATE DATABASE bench"
sql "$pg_port" bench "CREATE TABLE items (id bigint PRIMARY KEY, name text NOT NULL, qty int NOT NULL, note text)"
sql "$pg_port" bench "INSERT INTO items SELECT g, 'item ' || g, g % 100, NULL FROM generate_series(1, $ROWS) g"
sql "$pg_port" bench "VACUUM ANALYZE items"
table_size=$(sql "$pg_port" bench "SELECT pg_size_pretty(pg_total_relation_size('items'))")

rift init --upstream "$(url bench)" >/dev/null 2>"$work/init-rift.log" || { cat "$work/init-rift.log" >&2; die "rift init failed"; }
say "starting rift on $rift_port"
start_rift bench

# change BRANCH: CHANGED rows changed through the proxy, spread over the table: updates, inserts, deletes.
change() {
  local third=$((CHANGED / 3)) step=$((ROWS / CHANGED))
  sql "$rift_port" "$1" "UPDATE items SET qty = qty + 1, note = 'changed' WHERE id IN (SELECT g * $step FROM generate_series(1, $third) g)"
  sql "$rift_port" "$1" "DELETE FROM items WHERE id IN (SELECT g * $step + 1 FROM generate_series(1, $third) g)"
  sql "$rift_port" "$1" "INSERT INTO items SELECT $ROWS + g, 'new ' || g, 0, NULL FROM generate_series(1, $((CHANGED - 2 * third))) g"
}

rift create changed --upstream "$(url bench)" >/dev/null
change changed
: >"$work/runs.txt"
for i in $(seq 1 "$RUNS"); do
  say "run $i of $RUNS"
  t0=$(now_ns); rift --version >/dev/null; jvm=$(ms_since "$t0")
  for mode in stat text sql; do
    case $mode in
      stat) args=(--stat) ;;
      text) args=() ;;
      sql) args=(--format sql) ;;
    esac
    t0=$(now_ns)
    rift diff changed "${args[@]}" --upstream "$(url bench)" >/dev/null 2>"$work/diff.err" || { cat "$work/diff.err" >&2; die "rift diff failed"; }
    wall=$(ms_since "$t0")
    engine=$(sed -n 's/^rift diff: \([0-9]*\) rows in \([0-9.]*\) ms$/\2/p' "$work/diff.err")
    n=$(sed -n 's/^rift diff: \([0-9]*\) rows in .*$/\1/p' "$work/diff.err")
    echo "$mode $engine $wall $n" >>"$work/runs.txt"
  done
  rift create "r$i" --upstream "$(url bench)" >/dev/null
  change "r$i"
  t0=$(now_ns)
  out=$(rift reset "r$i" --upstream "$(url bench)")
  wall=$(ms_since "$t0")
  engine=$(sed -n 's/^reset branch .* in \([0-9.]*\) ms (.*$/\1/p' <<<"$out")
  echo "reset $engine $wall 0" >>"$work/runs.txt"
  echo "jvm 0 $jvm 0" >>"$work/runs.txt"
done
alive "$rift_pid" || die "rift serve died during the run: $(tail -n 30 "$work/rift.log")"

ROWS=$ROWS CHANGED=$CHANGED RUNS=$RUNS SIZE="$table_size" python3 - "$work/runs.txt" <<'PY'
import os, statistics, sys
runs = {}
for line in open(sys.argv[1]):
    mode, engine, wall, n = line.split()
    runs.setdefault(mode, []).append((float(engine), float(wall), int(n)))
def fmt(xs):
    return f"{statistics.median(xs):.1f} ({min(xs):.1f}–{max(xs):.1f})"
e = os.environ
print(f"rift diff / reset: table of {int(e['ROWS']):,} rows ({e['SIZE']}), branch with {int(e['CHANGED']):,} changed rows; "
      f"{e['RUNS']} runs; ms, median (min–max).")
print()
print("| command | rows out | engine ms | CLI wall ms (JVM start included) |")
print("| --- | --- | --- | --- |")
names = {"stat": "`rift diff --stat`", "text": "`rift diff` (text)", "sql": "`rift diff --format sql`",
         "reset": "`rift reset`", "jvm": "`rift --version` (JVM start alone)"}
for mode in ["stat", "text", "sql", "reset", "jvm"]:
    xs = runs.get(mode, [])
    if not xs:
        continue
    engine = "–" if mode == "jvm" else fmt([x[0] for x in xs])
    rows = "–" if mode in ("reset", "jvm") else str(xs[0][2])
    print(f"| {names[mode]} | {rows} | {engine} | {fmt([x[1] for x in xs])} |")
PY
