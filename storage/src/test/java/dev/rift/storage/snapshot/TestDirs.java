package dev.rift.storage.snapshot;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;

/** Scratch directories for the snapshot tests. */
public final class TestDirs {

    private TestDirs() {
    }

    /**
     * A new directory under the temp dir, searchable by everyone: when the tests run as root,
     * PostgreSQL runs as the postgres OS user and must traverse it. Kept short, because the
     * cluster's Unix socket path below it is limited to 107 characters.
     */
    public static Path create(String prefix) throws IOException {
        Path dir = Files.createTempDirectory(prefix);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        return dir;
    }

    /** A directory inside {@code parent}, searchable by everyone. */
    public static Path subdirectory(Path parent, String name) throws IOException {
        Path dir = Files.createDirectory(parent.resolve(name));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        return dir;
    }

    /** Deletes {@code root} recursively without crossing into other filesystems (a mount left by a failure). */
    public static void delete(Path root) throws IOException {
        if (root == null || !Files.exists(root)) {
            return;
        }
        Object rootDevice = Files.getAttribute(root, "unix:dev");
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                return rootDevice.equals(Files.getAttribute(dir, "unix:dev"))
                        ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                if (exc != null) {
                    throw exc;
                }
                Files.delete(dir); // fails, loudly, on a directory that still holds a mount
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
