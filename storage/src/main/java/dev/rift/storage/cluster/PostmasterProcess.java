package dev.rift.storage.cluster;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Signals to postmasters, by PID. A PID read from {@code postmaster.pid} may be stale and reused by
 * another program, so nothing is signalled unless it looks like a postgres process.
 */
final class PostmasterProcess {

    private static final Logger log = LoggerFactory.getLogger(PostmasterProcess.class);

    private PostmasterProcess() {
    }

    /** The first line of {@code <dataDir>/postmaster.pid}, if there is a readable one. */
    static Optional<Long> readPid(Path dataDir) {
        try {
            List<String> lines = Files.readAllLines(dataDir.resolve("postmaster.pid"));
            if (lines.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(Long.parseLong(lines.get(0).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Alive = exists and is not a zombie (a container's PID 1 may never reap orphans). */
    static boolean isAlive(long pid) {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        if (Files.isDirectory(Path.of("/proc/self"))) {
            try {
                String s = Files.readString(stat);
                int close = s.lastIndexOf(')');
                char state = close >= 0 && close + 2 < s.length() ? s.charAt(close + 2) : '?';
                return state != 'Z' && state != 'X' && state != 'x';
            } catch (NoSuchFileException e) {
                return false;
            } catch (IOException e) {
                // fall through to ProcessHandle
            }
        }
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Whether a live process with {@code pid} visibly is a postgres server process (a PID read from a file). */
    static boolean isRunningPostgres(long pid) {
        return isAlive(pid) && ProcessHandle.of(pid).map(PostmasterProcess::isPostgresProcess).orElse(false);
    }

    static void waitUntilDead(long pid, long deadlineNanos) {
        while (isAlive(pid) && System.nanoTime() < deadlineNanos) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** SIGKILL to {@code pid} if it is (still) a postgres process. */
    static void kill(long pid) {
        ProcessHandle.of(pid).ifPresent(h -> {
            if (looksLikePostgres(h)) {
                h.destroyForcibly();
            }
        });
        waitUntilDead(pid, System.nanoTime() + Duration.ofSeconds(5).toNanos());
    }

    /** A postmaster left running in {@code dataDir} (pg_ctl timed out, or its JVM died): fast shutdown, then kill. */
    static void stopStray(Path dataDir) {
        readPid(dataDir).ifPresent(p -> {
            // postmaster.pid may be stale and its PID reused: only signal a postgres process.
            if (isRunningPostgres(p)) {
                log.warn("stopping postmaster {} left running in {}", p, dataDir);
                signal(p, "INT");
                waitUntilDead(p, System.nanoTime() + Duration.ofSeconds(10).toNanos());
                kill(p);
            }
        });
    }

    /** {@code kill -s SIGNAL pid}: Java sends only TERM and KILL, and a postmaster's fast shutdown is INT. */
    static void signal(long pid, String signal) {
        try {
            ExternalCommand.of("kill", "-s", signal, Long.toString(pid)).timeout(Duration.ofSeconds(10))
                    .runAllowingFailure();
        } catch (RuntimeException e) {
            log.debug("kill -s {} {} failed: {}", signal, pid, e.toString());
        }
    }

    /** For a PID we started: true unless it is visibly some other program (PID reused). */
    private static boolean looksLikePostgres(ProcessHandle h) {
        Optional<String> cmd = h.info().command().or(() -> h.info().commandLine());
        return cmd.isEmpty() || isPostgresCommand(cmd.get());
    }

    /** For a PID read from a file: true only if it visibly is a postgres server process. */
    private static boolean isPostgresProcess(ProcessHandle h) {
        Optional<String> cmd = h.info().command().or(() -> h.info().commandLine());
        return cmd.isPresent() && isPostgresCommand(cmd.get());
    }

    private static boolean isPostgresCommand(String cmd) {
        String first = cmd.strip().split("\\s+")[0];
        return first.endsWith("postgres") || first.endsWith("postmaster") || cmd.startsWith("postgres:");
    }
}
