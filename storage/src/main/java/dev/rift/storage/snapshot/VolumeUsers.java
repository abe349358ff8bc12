package dev.rift.storage.snapshot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What keeps a directory busy: processes whose working directory, root or open files are inside it
 * (read from {@code /proc}, like {@code fuser -m}), and filesystems mounted below it. Drivers check
 * this before destroying, because btrfs would delete a subvolume under a running postmaster and a
 * recursive delete would pull files from under it; zfs alone would refuse, but less clearly.
 *
 * <p>Without root, other users' processes cannot be inspected and are not reported.
 */
final class VolumeUsers {

    private static final Path PROC = Path.of("/proc");

    private VolumeUsers() {
    }

    /** Throws {@link VolumeBusyException} if anything uses the volume's mountpoint. */
    static void requireUnused(Volume volume) {
        List<String> users = of(volume.mountpoint());
        if (!users.isEmpty()) {
            throw new VolumeBusyException(volume, users);
        }
    }

    /** Descriptions of what uses {@code dir}; empty if nothing does. */
    static List<String> of(Path dir) {
        Path real;
        try {
            real = dir.toRealPath();
        } catch (IOException e) {
            return List.of(); // gone: nothing can hold it
        }
        List<String> users = new ArrayList<>();
        for (Path mount : Mounts.mountpointsBelow(real)) {
            users.add("filesystem mounted at " + mount);
        }
        long self = ProcessHandle.current().pid();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(PROC, p -> isNumber(p.getFileName().toString()))) {
            for (Path proc : procs) {
                long pid = Long.parseLong(proc.getFileName().toString());
                String use = use(proc, real);
                if (use != null) {
                    users.add("pid " + pid + " (" + (pid == self ? "this JVM" : command(proc)) + "): " + use);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + PROC, e);
        }
        return users;
    }

    /** How the process under {@code proc} uses {@code dir}, or null if it does not (or cannot be read). */
    private static String use(Path proc, Path dir) {
        if (inside(link(proc.resolve("cwd")), dir)) {
            return "working directory";
        }
        if (inside(link(proc.resolve("root")), dir)) {
            return "root directory";
        }
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(proc.resolve("fd"))) {
            for (Path fd : fds) {
                String target = link(fd);
                if (inside(target, dir)) {
                    return "open file " + target;
                }
            }
        } catch (IOException | SecurityException e) {
            // exited meanwhile, or another user's process seen without root
        }
        return null;
    }

    private static boolean inside(String target, Path dir) {
        if (target == null) {
            return false;
        }
        String t = target.endsWith(" (deleted)") ? target.substring(0, target.length() - " (deleted)".length()) : target;
        String d = dir.toString();
        return t.equals(d) || t.startsWith(d.endsWith("/") ? d : d + "/");
    }

    private static String link(Path p) {
        try {
            return Files.readSymbolicLink(p).toString();
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return null;
        }
    }

    private static String command(Path proc) {
        try {
            return Files.readString(proc.resolve("comm"), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "?";
        }
    }

    private static boolean isNumber(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
