#!/usr/bin/env bash
# Migration benchmark: the same 20-statement schema migration (bench/migration.sql) on a rift branch and on a full
# copy of a pgbench database, RUNS times each, side by side on this machine against a throwaway PostgreSQL, printed
# as a markdown table (medians, with min/max).
#
#   branch: `rift create` (the engine's time, as the CLI prints it), then the migration through `rift serve`
#   copy:   CREATE DATABASE ... TEMPLATE (what a branch replaces), then the migration directly against PostgreSQL
#
# The ratios compare the migration alone and the whole "get a database and migrate it" (create + migrate).
#
#   bench/migration.sh                    # pgbench scale 10 (1M accounts), 5 runs
#   QUICK=1 bench/migration.sh            # scale 1, 3 runs: a fast end-to-end check
#   SCALE=50 RUNS=10 bench/migration.sh
#
# Other knobs: RIFT_JAVA_OPTS. Needs PostgreSQL server binaries, psql, pgbench, python3 and Java 17; builds
# cmd/target/rift.jar when stale. Not run in CI. Until branches accept DDL (issue 4) the branch runs fail with 0A000:
# the script then prints the copy's figures, says which statement the branch refused, and exits non-zero.
set -euo pipefail

QUICK=${QUICK:-0}
if [ "$QUICK" = 1 ]; then SCALE=${SCALE:-1}; RUNS=${RUNS:-3}; else SCALE=${SCALE:-10}; RUNS=${RUNS:-5}; fi
export RIFT_LOG_LEVEL=${RIFT_LOG_LEVEL:-WARN}

BENCH=migration
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
migration="$here/bench/migration.sql"
failed=0

for tool in psql pgbench python3 java; do command -v "$tool" >/dev/null 2>&1 || die "missing $tool"; done
[ "$(grep -c ';$' "$migration")" = 20 ] || die "$migration should hold 20 statements"

private_rift_jar

start_postgres 'max_connections = 100'

say "pgbench -i -s $SCALE into database bench ($((SCALE * 100000)) accounts)"
sql "$pg_port" postgres "CREATE DATABASE bench"
pgbench -i -q -I dtGvp -s "$SCALE" -h 127.0.0.1 -p "$pg_port" -U bench bench >"$work/init.log" 2>&1 \
  || { cat "$work/init.log" >&2; die "pgbench -i failed"; }
# The copies' template: rift keeps connections to the upstream, and PostgreSQL copies only a database nobody uses.
sql "$pg_port" postgres "CREATE DATABASE bench_template TEMPLATE bench"
accounts_size=$(sql "$pg_port" bench "SELECT pg_total_relation_size('pgbench_accounts')")
pg_version=$(sql "$pg_port" postgres "SHOW server_version")

rift init --upstream "$(url bench)" >/dev/null 2>"$work/init-rift.log" || { cat "$work/init-rift.log" >&2; die "rift init failed"; }
say "starting rift on $rift_port"
start_rift bench

# migrate PORT DB TAG -> prints the migration's wall time in ms, or NA (and the error on stderr) when it failed.
# One psql session, one transaction (-1), as a migration tool applies a migration.
migrate() {
  local port=$1 db=$2 tag=$3 t0 t1
  t0=$(now_ns)
  if psql -X -q -1 -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U bench -d "$db" -f "$migration" >"$work/migrate-$tag.log" 2>&1; then
    t1=$(now_ns)
    awk -v ns=$((t1 - t0)) 'BEGIN { printf "%.1f\n", ns / 1e6 }'
  else
    say "migration on $tag failed:"; tail -n 5 "$work/migrate-$tag.log" >&2
    echo NA
  fi
}

: >"$work/runs.txt"
for i in $(seq 1 "$RUNS"); do
  say "run $i of $RUNS: branch"
  out=$(rift create "m$i" --upstream "$(url bench)" 2>&1) || die "rift create m$i failed: $out"
  branch_create=$(sed -n 's/^created branch .* in \([0-9.]*\) ms$/\1/p' <<<"$out")
  [ -n "$branch_create" ] || die "could not read the creation time from: $out"
  branch_migrate=$(migrate "$rift_port" "m$i" "branch-$i")
  say "run $i of $RUNS: full copy"
  t0=$(now_ns)
  sql "$pg_port" postgres "CREATE DATABASE copy$i TEMPLATE bench_template"
  t1=$(now_ns)
  copy_create=$(awk -v ns=$((t1 - t0)) 'BEGIN { printf "%.1f\n", ns / 1e6 }')
  copy_migrate=$(migrate "$pg_port" "copy$i" "copy-$i")
  sql "$pg_port" postgres "DROP DATABASE copy$i"
  echo "$branch_create $branch_migrate $copy_create $copy_migrate" >>"$work/runs.txt"
  [ "$branch_migrate" != NA ] && [ "$copy_migrate" != NA ] || failed=1
done
alive "$rift_pid" || { failed=1; say "rift serve died during the run:"; tail -n 30 "$work/rift.log" >&2; }

export SCALE RUNS ACCOUNTS_SIZE=$accounts_size PG_VERSION=$pg_version NPROC=$(nproc) RUNS_FILE="$work/runs.txt" \
  LOAD="$(cut -d' ' -f1-3 /proc/loadavg)" JAVA_VERSION="$(java -version 2>&1 | head -n1)"
python3 - <<'PY'
import os, statistics
e = os.environ

def num(v):
    return None if v == "NA" else float(v)

rows = [[num(v) for v in line.split()] for line in open(e["RUNS_FILE"]) if line.strip()]
cols = list(zip(*rows)) if rows else [[], [], [], []]

def stat(xs):
    xs = [x for x in xs if x is not None]
    if not xs:
        return None, "failed"
    m = statistics.median(xs)
    return m, f"{m:,.1f} ms ({min(xs):,.1f}–{max(xs):,.1f})"

def ratio(a, b):
    return "n/a" if a is None or b is None or b == 0 else f"{a / b:.2f}×"

bc, bm, cc, cm = (stat(c) for c in cols)
bt = stat([a + b if a is not None and b is not None else None for a, b in zip(cols[0], cols[1])])
ct = stat([a + b if a is not None and b is not None else None for a, b in zip(cols[2], cols[3])])
print(f"## rift migration on a branch vs a full copy — {e['NPROC']} CPUs, PostgreSQL {e['PG_VERSION']}, "
      f"{e['JAVA_VERSION']}, load average {e['LOAD']}")
print()
print(f"pgbench scale {e['SCALE']} ({int(e['SCALE']) * 100000:,} accounts, pgbench_accounts "
      f"{int(e['ACCOUNTS_SIZE']) / 1024 / 1024:,.0f} MiB); bench/migration.sql (20 statements, one transaction); "
      f"{e['RUNS']} runs; median (min–max).")
print()
print("| step | branch (rift) | full copy | branch / copy |")
print("| ---- | ------------: | --------: | ------------: |")
print(f"| get the database (`rift create` / CREATE DATABASE ... TEMPLATE) | {bc[1]} | {cc[1]} | {ratio(bc[0], cc[0])} |")
print(f"| run the migration | {bm[1]} | {cm[1]} | {ratio(bm[0], cm[0])} |")
print(f"| both | {bt[1]} | {ct[1]} | {ratio(bt[0], ct[0])} |")
print()
print(f"migration branch/copy = {ratio(bm[0], cm[0])}   create+migration branch/copy = {ratio(bt[0], ct[0])}")
PY

[ "$failed" = 0 ] || die "some runs failed (see above)"
