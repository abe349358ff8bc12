#!/usr/bin/env bash
# Snapshot-mode benchmark (not run in CI): as root, on loop-device filesystems and zfs-fuse it makes itself.
#
#   1. create + first-query latency: with `rift serve --pool P --auto-create` running and main up, the wall time of
#      `psql .../bN -c 'select count(*) from pgbench_branches'` for a branch bN that does not exist yet (CHECKPOINT on
#      main, snapshot, postmaster start, query), p50/p90 over RUNS branches, per driver and database size.
#                                                                 goal: p50 < 500 ms and independent of size
#   2. disk used by a branch after updating 1% of pgbench_accounts' rows and a CHECKPOINT, as `rift list --json`
#      reports it (the driver's figure), per driver, on the first size: a contiguous 1% (aid <= N/100), every
#      100th row (which touches every page of the table), and an untouched branch for reference.
#
#   bench/snapshot.sh                                   # 1 GB and 5 GB, btrfs and zfs; disk use for all four drivers
#   SIZES_GB="1" RUNS=5 bench/snapshot.sh               # quicker
#   LATENCY_DRIVERS="btrfs zfs reflink" DISK_DRIVERS="btrfs" bench/snapshot.sh
#
# The database is pgbench's (scale 64 per GB), made once per size in a throwaway cluster and copied into each
# pool with `rift init --from-pgdata`. Needs root, btrfs-progs, xfsprogs, zfs-fuse, PostgreSQL, psql, pgbench,
# python3, Java 17; builds cmd/target/rift.jar when stale (through ./rift).
set -euo pipefail

SIZES_GB=${SIZES_GB:-"1 5"}
RUNS=${RUNS:-7}
LATENCY_DRIVERS=${LATENCY_DRIVERS:-"btrfs zfs"}
DISK_DRIVERS=${DISK_DRIVERS:-"btrfs zfs reflink copy"}
PASSWORD=bench
export RIFT_LOG_LEVEL=${RIFT_LOG_LEVEL:-WARN}

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d /tmp/rift-snap-bench.XXXXXX)"
chmod 755 "$work"
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
serve_pid=""; loopdev=""; mnt=""; zpool=""; zfs_daemon=""; POOL=""
results="$work/results.txt"; : > "$results"

say() { printf '%s\n' "$*" >&2; }
as_pg() { runuser -u postgres -- "$@"; }
ms() { date +%s%3N; }
rift() { "$here/rift" "$@"; }

teardown_pool() {
  if [ -n "$serve_pid" ]; then kill "$serve_pid" 2>/dev/null || true; wait "$serve_pid" 2>/dev/null || true; serve_pid=""; fi
  if [ -n "$zpool" ]; then # zfs-fuse unmounts asynchronously and calls the pool busy meanwhile
    for _ in $(seq 1 50); do zpool destroy -f "$zpool" 2>/dev/null && break; sleep 0.2; done
    zpool list "$zpool" >/dev/null 2>&1 && say "zpool $zpool could not be destroyed"
    zpool=""
  fi
  if [ -n "$mnt" ] && mountpoint -q "$mnt"; then umount "$mnt" || umount -l "$mnt"; fi
  if [ -n "$loopdev" ]; then losetup -d "$loopdev" || true; loopdev=""; fi
  mnt=""
  rm -rf "$work/pool" "$work"/*.img "$work"/*.vdev "$work/mnt"
}
cleanup() {
  teardown_pool
  if [ -n "$zfs_daemon" ]; then kill "$zfs_daemon" 2>/dev/null || true; wait "$zfs_daemon" 2>/dev/null || true; fi
  for d in "$work"/seed-*; do [ -f "$d/postmaster.pid" ] && as_pg "$PGBIN/pg_ctl" -D "$d" -m fast -w stop >/dev/null 2>&1 || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# make_pool DRIVER GB: sets POOL to the --pool value of a fresh pool with room for GB of data and its branches.
make_pool() {
  local driver=$1 gb=$2 size=$(( $2 * 3 + 4 ))G
  mnt="$work/mnt"; mkdir -p "$mnt"
  case "$driver" in
    btrfs|reflink)
      truncate -s "$size" "$work/fs.img"
      loopdev=$(losetup -f --show "$work/fs.img")
      if [ "$driver" = btrfs ]; then mkfs.btrfs -q "$loopdev" >/dev/null; else mkfs.xfs -q -m reflink=1 "$loopdev"; fi
      mount "$loopdev" "$mnt"; chmod 755 "$mnt"; mkdir "$mnt/pool"; chmod 755 "$mnt/pool"; POOL="$mnt/pool" ;;
    zfs)
      if ! zpool list >/dev/null 2>&1; then
        zfs-fuse --no-daemon --no-kstat-mount >"$work/zfs-fuse.log" 2>&1 & zfs_daemon=$!
        for _ in $(seq 1 100); do zpool list >/dev/null 2>&1 && break; sleep 0.2; done
      fi
      truncate -s "$size" "$work/pool.vdev"; zpool="riftbench$$"
      zpool create -m "$mnt" "$zpool" "$work/pool.vdev"; chmod 755 "$mnt"; zfs create "$zpool/rift"; POOL="$zpool/rift" ;;
    copy) mkdir "$work/pool"; chmod 755 "$work/pool"; POOL="$work/pool" ;;
  esac
}

# seed GB: a stopped data directory holding pgbench's tables at 64 × GB scale.
seed() {
  local dir="$work/seed-$1" port
  [ -d "$dir" ] && { echo "$dir"; return; }
  install -d -o postgres -m 700 "$dir"
  echo "$PASSWORD" > "$work/pw"; chown postgres "$work/pw"
  as_pg "$PGBIN/initdb" -D "$dir" -U postgres --pwfile="$work/pw" --auth-local=trust --auth-host=scram-sha-256 >/dev/null
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  as_pg "$PGBIN/pg_ctl" -D "$dir" -l "$dir/log" -o "-p $port -k $dir -c listen_addresses=''" -w start >/dev/null
  say "seeding $1 GB (pgbench scale $(( $1 * 64 )))…"
  as_pg "$PGBIN/pgbench" -h "$dir" -p "$port" -U postgres -i -q -s $(( $1 * 64 )) postgres >/dev/null
  as_pg "$PGBIN/pg_ctl" -D "$dir" -m fast -w stop >/dev/null
  echo "$dir"
}

url() { echo "postgresql://postgres:$PASSWORD@127.0.0.1:$port/$1"; }

measure() { # measure DRIVER GB WANT_DISK
  local driver=$1 gb=$2 pool i t0 t1 times=() data
  data=$(seed "$gb")
  make_pool "$driver" "$gb"; pool=$POOL
  rift init --mode snapshot --driver "$driver" --pool "$pool" --from-pgdata "$data" --database postgres >/dev/null
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  "$here/rift" serve --pool "$pool" --listen "127.0.0.1:$port" --auto-create 'b[0-9]+' >"$work/serve.log" 2>&1 &
  serve_pid=$!
  for _ in $(seq 1 150); do psql -qAt "$(url main)" -c 'select 1' >/dev/null 2>&1 && break; sleep 0.2; done
  psql -qAt "$(url main)" -c 'select count(*) from pgbench_branches' >/dev/null
  for i in $(seq 1 "$RUNS"); do
    t0=$(ms); psql -qAt "$(url b$i)" -c 'select count(*) from pgbench_branches' >/dev/null; t1=$(ms)
    times+=($(( t1 - t0 )))
  done
  echo "latency $driver ${gb}GB ${times[*]}" >> "$results"
  if [ "$3" = 1 ]; then
    # 1% of the rows two ways: a contiguous 1% (few pages), and every 100th row (which touches every page).
    psql -qAt "$(url b1)" -c "update pgbench_accounts set abalance = abalance + 1 where aid <= $(( gb * 64 * 1000 ))" \
      -c checkpoint >/dev/null
    psql -qAt "$(url b2)" -c 'update pgbench_accounts set abalance = abalance + 1 where aid % 100 = 0' -c checkpoint >/dev/null
    sleep 6 # zfs reports space per transaction group (5 s)
    rift list --json --pool "$pool" | python3 -c '
import json, sys
sizes = {b["name"]: b["bytes"] for b in json.load(sys.stdin)}
print("disk", sys.argv[1], sys.argv[2], "contiguous", sizes["b1"])
print("disk", sys.argv[1], sys.argv[2], "every-100th", sizes["b2"])
print("disk", sys.argv[1], sys.argv[2], "untouched", sizes["b3"])' "$driver" "${gb}GB" >> "$results"
  fi
  teardown_pool
}

say "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
first=${SIZES_GB%% *}
for gb in $SIZES_GB; do
  for d in $LATENCY_DRIVERS; do
    disk=0; [ "$gb" = "$first" ] && [[ " $DISK_DRIVERS " == *" $d "* ]] && disk=1
    say "measuring $d at $gb GB…"; measure "$d" "$gb" "$disk"
  done
done
for d in $DISK_DRIVERS; do
  [[ " $LATENCY_DRIVERS " == *" $d "* ]] && continue
  say "measuring $d at $first GB…"; measure "$d" "$first" 1
done
say "load after: $(cut -d' ' -f1-3 /proc/loadavg)"

python3 - "$results" <<'PY'
import statistics, sys
lat, disk = [], []
for line in open(sys.argv[1]):
    kind, driver, size, *vals = line.split()
    if kind == "latency":
        v = sorted(int(x) for x in vals)
        lat.append((driver, size, statistics.median(v), v[min(len(v) - 1, int(len(v) * 0.9))], len(v)))
    else:
        disk.append((driver, size, vals[0], int(vals[1])))
print("| driver | database | create + first query p50 | p90 | runs |\n| --- | --- | --- | --- | --- |")
for d, s, p50, p90, n in lat:
    print(f"| {d} | {s} | {p50:.0f} ms | {p90} ms | {n} |")
print("\n| driver | database | 1% of pgbench_accounts updated | branch size (driver's report) |\n| --- | --- | --- | --- |")
for d, s, how, b in disk:
    print(f"| {d} | {s} | {how} | {b / 1048576:.1f} MiB |")
PY
