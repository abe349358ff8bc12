package dev.rift.storage.testing;

import dev.rift.storage.pool.PoolStateFile;
import dev.rift.storage.pool.SnapshotPool;
import dev.rift.storage.snapshot.TestDirs;
import dev.rift.storage.snapshot.Volume;

import java.nio.file.Path;

/** Takes down what a test's snapshot pool left: its postmasters, its volumes, then the directory. */
public final class SnapshotPools {
    private SnapshotPools() {}

    /** Stops every postmaster of the pool in {@code dir} (if one was set up there), destroys its volumes, deletes dir. */
    public static void remove(Path dir) throws Exception {
        if (new PoolStateFile(dir).exists()) {
            SnapshotPool pool = SnapshotPool.open(dir.toString());
            pool.stopAll();
            for (Volume v : pool.driver().list()) {
                pool.driver().destroy(v);
            }
        }
        TestDirs.delete(dir);
    }
}
