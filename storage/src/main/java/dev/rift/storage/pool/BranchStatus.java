package dev.rift.storage.pool;

import java.util.Optional;

/**
 * A snapshot branch as {@code rift list} shows it.
 *
 * @param usedBytes bytes on disk as the driver reports them ({@link dev.rift.storage.snapshot.SnapshotDriver#usedBytes}),
 *                  or -1 if its volume is missing
 */
public record BranchStatus(String name, String parent, String created, Optional<Postmaster> postmaster,
                           long usedBytes) {

    public boolean running() {
        return postmaster.isPresent();
    }
}
