package dev.rift.storage.snapshot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/** Checks shared by the drivers whose pool is a directory. */
final class DirectoryPools {

    private DirectoryPools() {
    }

    /** The pool as an absolute, normalized path, after checking it is an existing directory. */
    static Path requireDirectory(Path pool, String driver) {
        if (pool == null) {
            throw new IllegalArgumentException(driver + " pool directory required");
        }
        Path p = pool.toAbsolutePath().normalize();
        if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            throw new SnapshotException(driver + " pool " + p + " is not an existing directory"
                    + (Files.isSymbolicLink(p) ? " (it is a symbolic link: give its target)" : "")
                    + ": create it first");
        }
        return p;
    }

    /** The filesystem type of the mount holding {@code dir}, e.g. {@code btrfs}, {@code xfs}, {@code ext4}. */
    static String filesystemType(Path dir) {
        try {
            return Files.getFileStore(dir).type();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot tell the filesystem of " + dir, e);
        }
    }
}
