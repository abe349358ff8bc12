package dev.rift.storage.snapshot;

import dev.rift.storage.cluster.ExternalCommand;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Finds the programs a driver runs, with an install hint when one is missing. */
final class Tools {

    /** Admin tools live in sbin, which a non-login PATH (e.g. a service's) often lacks. */
    private static final List<String> EXTRA_DIRS = List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin");

    private Tools() {
    }

    /**
     * The absolute path of {@code program}, searched on {@code $PATH} and then in the sbin and bin
     * directories.
     *
     * @param missing what to say when it is absent, e.g. {@code "btrfs-progs is not installed
     *                (apt-get install btrfs-progs)"}
     */
    static Path require(String program, String missing) {
        Path found = ExternalCommand.findOnPath(program);
        if (found != null) {
            return found;
        }
        for (String dir : EXTRA_DIRS) {
            Path candidate = Path.of(dir, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new SnapshotException(missing + ": no '" + program + "' executable on PATH or in "
                + String.join(", ", EXTRA_DIRS));
    }
}
