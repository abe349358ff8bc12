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
    private volatile Pass lastPass; // null before the first pass has finished

    IdleReaper(SnapshotDirectory directory, BranchSessions sessions, Duration idle) {
        long idleNanos = idle.toNanos();
        long period = Math.max(100, Math.min(idle.toMillis() / 4, 30_000));
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rift-idle-reaper");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(() -> {
            long started = System.nanoTime();
            for (String branch : directory.runningBranches()) {
                try {
                    directory.stopIfIdle(branch, idleNanos, () -> sessions.count(branch));
                } catch (RuntimeException e) {
                    log.warn("could not stop the idle postmaster of branch {}", branch, e);
                }
            }
            Pass previous = lastPass;
            lastPass = new Pass(previous == null ? 1 : previous.number() + 1, started);
        }, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * The last pass over the running branches that has finished, or null before the first: what
     * the reaper has decided by now, so a test can wait for a decision instead of sleeping.
     */
    Pass lastPass() {
        return lastPass;
    }

    /** The {@code number}th pass (from 1), begun at {@code startedNanos} ({@link System#nanoTime()}). */
    record Pass(long number, long startedNanos) {
        boolean startedAfter(long nanoTime) {
            return startedNanos - nanoTime > 0;
        }
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
