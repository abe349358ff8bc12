package dev.rift.cli;

import dev.rift.storage.pool.SnapshotPool;
import picocli.CommandLine.Option;

/**
 * The --pool option: given (or RIFT_POOL set), a command works in snapshot mode on that pool;
 * otherwise in overlay mode on --upstream. The pool is a directory (btrfs, reflink, copy drivers)
 * or a zfs dataset; its state file says which driver it uses.
 */
public final class PoolOption {
    @Option(names = "--pool", paramLabel = "DIR|DATASET", defaultValue = "${env:RIFT_POOL}",
            description = "Snapshot mode: the pool set up by rift init --mode snapshot (a directory, or a zfs "
                    + "dataset). Default: $RIFT_POOL; without it, commands work in overlay mode on --upstream.")
    String pool;

    public boolean given() {
        return pool != null && !pool.isBlank();
    }

    public SnapshotPool open() {
        return SnapshotPool.open(pool);
    }
}
