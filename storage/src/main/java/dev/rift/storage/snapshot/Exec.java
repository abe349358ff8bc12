package dev.rift.storage.snapshot;

import dev.rift.storage.cluster.ExternalCommand;
import dev.rift.storage.cluster.ExternalCommandException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Runs a driver's commands (argument lists, logged at debug by ExternalCommand). */
final class Exec {

    /** Snapshot, clone and destroy commands of btrfs and zfs are metadata operations. */
    static final Duration QUICK = Duration.ofMinutes(2);

    /** Copying, measuring or deleting a whole data directory is bounded by its size, not by us. */
    static final Duration BULK = Duration.ofHours(12);

    private Exec() {
    }

    /** Runs {@code argv}; returns stdout, or throws a SnapshotException naming {@code what} with stderr. */
    static String run(String what, Duration timeout, List<String> argv) {
        try {
            return command(argv, timeout).run().stdout();
        } catch (ExternalCommandException e) {
            throw new SnapshotException(what + " failed: " + e.getMessage(), e);
        }
    }

    /** Runs {@code argv} and returns its result whatever the exit code. */
    static ExternalCommand.Result runAllowingFailure(String what, Duration timeout, List<String> argv) {
        try {
            return command(argv, timeout).runAllowingFailure();
        } catch (ExternalCommandException e) {
            throw new SnapshotException(what + " failed: " + e.getMessage(), e);
        }
    }

    private static ExternalCommand command(List<String> argv, Duration timeout) {
        // Run from / so the command itself never holds a volume busy through its working directory.
        return ExternalCommand.of(argv).timeout(timeout).directory(Path.of("/"));
    }
}
