#!/usr/bin/env bash
# The cost of the fallback of docs/overlay.md: a table a branch holds whole (here pgbench_accounts with a BEFORE
# UPDATE trigger) is copied at its first write on a branch, O(rows); the same first write on the same table without
# the trigger only copies up one row into a delta. Prints both first writes and a second write, in ms (psql \timing).
#
#   bench/whole-copy.sh              # scale 10: 1M accounts
#   SCALE=1 bench/whole-copy.sh      # 100k accounts
#
# Needs PostgreSQL server binaries, psql, pgbench, python3 and Java 17; builds cmd/target/rift.jar when stale.
set -euo pipefail
SCALE=${SCALE:-10}
export RIFT_LOG_LEVEL=${RIFT_LOG_LEVEL:-WARN}
BENCH=whole-copy
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
for tool in psql pgbench python3 java; do command -v "$tool" >/dev/null 2>&1 || die "missing $tool"; done
private_rift_jar
start_postgres
sql "$pg_port" postgres "CREATE DATABASE bench"
pgbench -i -q -I dtGvp -s "$SCALE" -h 127.0.0.1 -p "$pg_port" -U bench bench >"$work/init.log" 2>&1 \
  || { cat "$work/init.log" >&2; die "pgbench -i failed"; }
sql "$pg_port" bench "CREATE TABLE plain_accounts AS TABLE pgbench_accounts; ALTER TABLE plain_accounts ADD PRIMARY KEY (aid)"
sql "$pg_port" bench "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS \$\$ BEGIN NEW.filler := 'touched'; RETURN NEW; END \$\$;
  CREATE TRIGGER accounts_touch BEFORE UPDATE ON pgbench_accounts FOR EACH ROW EXECUTE FUNCTION touch()"
sql "$pg_port" bench "VACUUM ANALYZE"
start_rift bench
rift create fb --upstream "$(url bench)" >/dev/null
timed() { # TABLE AID: the ms of one UPDATE through rift on branch fb
  psql -X -q -At -h 127.0.0.1 -p "$rift_port" -U bench fb \
    -c '\timing on' -c "UPDATE $1 SET abalance = abalance + 1 WHERE aid = $2" | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p'
}
rows=$(sql "$pg_port" bench "SELECT count(*) FROM pgbench_accounts")
printf '| first write on a branch, %s rows | ms |\n|---|---|\n' "$rows"
printf '| with a trigger (copied whole): first UPDATE | %s |\n' "$(timed pgbench_accounts 1)"
printf '| with a trigger: second UPDATE | %s |\n' "$(timed pgbench_accounts 2)"
printf '| without (delta): first UPDATE | %s |\n' "$(timed plain_accounts 1)"
printf '| without (delta): second UPDATE | %s |\n' "$(timed plain_accounts 2)"
