package dev.rift.router.snapshot;

import dev.rift.router.session.BranchSessions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Scale to zero: stops a branch's postmaster once it has had no session and no new connection for
 * the idle period ({@code rift serve --idle}, default 15 minutes). Its data stays in its volume;
 * the next connection starts it again. Checks a few times per idle period, so a postmaster stops
 * between {@code idle} and {@code 1.25 × idle} after its last session ended.
 */
final class IdleReaper implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(IdleReaper.class);
    public static final Duration DEFAULT_IDLE = Duration.ofMinutes(15);

    private final ScheduledExecutorService timer;

    IdleReaper(SnapshotDirectory directory, BranchSessions sessions, Duration idle) {
        long idleNanos = idle.toNanos();
        long period = Math.max(100, Math.min(idle.toMillis() / 4, 30_000));
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rift-idle-reaper");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(() -> {
            for (String branch : directory.runningBranches()) {
                try {
                    directory.stopIfIdle(branch, idleNanos, () -> sessions.count(branch));
                } catch (RuntimeException e) {
                    log.warn("could not stop the idle postmaster of branch {}", branch, e);
                }
            }
        }, period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
