package dev.rift.storage.pool;

import dev.rift.storage.cluster.ExternalCommand;
import dev.rift.storage.cluster.LocalCluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

/** File chores around data directories: ownership for the postgres OS user, and copies. */
final class PgFiles {

    private static final Duration COPY_TIMEOUT = Duration.ofHours(12);

    private PgFiles() {
    }

    /** A volume's root: owned by the postgres OS user when root (it runs initdb and the server), mode 0700. */
    static void prepareVolumeRoot(Path root) {
        try {
            Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set permissions of " + root + ": " + e, e);
        }
        chownToPostgres(root, false);
    }

    /** {@code chown [-R] postgres:postgres} when root; nothing otherwise. */
    static void chownToPostgres(Path p, boolean recursive) {
        if (!ExternalCommand.runningAsRoot()) {
            return;
        }
        String owner = LocalCluster.POSTGRES_OS_USER + ":" + LocalCluster.POSTGRES_OS_USER;
        List<String> argv = recursive ? List.of("chown", "-R", owner, "--", p.toString())
                : List.of("chown", owner, "--", p.toString());
        ExternalCommand.of(argv).directory(Path.of("/")).timeout(COPY_TIMEOUT).run();
    }

    /** Copies the contents of {@code from} into the existing directory {@code to}, sharing extents where possible. */
    static void copyContents(Path from, Path to) {
        ExternalCommand.of("cp", "-a", "--reflink=auto", "--", from + "/.", to.toString())
                .directory(Path.of("/")).timeout(COPY_TIMEOUT).run();
    }

    /** Writes a file PostgreSQL must read and rename (e.g. {@code backup_label}), owned by the postgres user. */
    static void writeForPostgres(Path file, String text) {
        try {
            Files.writeString(file, text);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e, e);
        }
        chownToPostgres(file, false);
    }
}
