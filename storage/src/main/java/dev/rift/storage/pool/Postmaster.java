package dev.rift.storage.pool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A postmaster running on a data directory, as its {@code postmaster.pid} tells: the process id
 * (line 1), the data directory (line 2, which must be this one) and the port (line 4). Only a live process that visibly is PostgreSQL counts, so a
 * stale file left by a crash, or a PID reused by another program, is not taken for a server.
 */
public record Postmaster(long pid, int port) {

    /** The postmaster running on {@code dataDir}, if any. */
    public static Optional<Postmaster> on(Path dataDir) {
        List<String> lines;
        try {
            lines = Files.readAllLines(dataDir.resolve("postmaster.pid"));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // unreadable or being rewritten: not a server we can use
        }
        if (lines.size() < 4) {
            return Optional.empty();
        }
        long pid;
        int port;
        try {
            pid = Long.parseLong(lines.get(0).trim());
            port = Integer.parseInt(lines.get(3).trim());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        // A clone carries its source's postmaster.pid, naming the source's directory and live postmaster.
        if (!lines.get(1).trim().equals(dataDir.toAbsolutePath().normalize().toString())) {
            return Optional.empty();
        }
        return isPostgres(pid) ? Optional.of(new Postmaster(pid, port)) : Optional.empty();
    }

    /** Whether this postmaster's process still runs (and is still PostgreSQL). */
    public boolean isRunning() {
        return isPostgres(pid);
    }

    /** Whether {@code pid} is alive (not a zombie) and its command is postgres. */
    static boolean isPostgres(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            int close = stat.lastIndexOf(')');
            char state = close >= 0 && close + 2 < stat.length() ? stat.charAt(close + 2) : '?';
            if (state == 'Z' || state == 'X' || state == 'x') {
                return false;
            }
            String comm = stat.substring(stat.indexOf('(') + 1, close);
            return comm.startsWith("postgres") || comm.startsWith("postmaster");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
