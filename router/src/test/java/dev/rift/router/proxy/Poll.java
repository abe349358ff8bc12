package dev.rift.router.proxy;

import java.time.Duration;
import java.util.concurrent.Callable;

import static org.junit.jupiter.api.Assertions.fail;

/** Waits for a condition that another process (PostgreSQL, rift) makes true in its own time. */
public final class Poll {
    private static final long INTERVAL_MILLIS = 25;

    private Poll() {
    }

    /** Returns once {@code condition} holds; fails the test if it does not within {@code limit}. */
    public static void until(String what, Duration limit, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                fail("not within " + limit.toMillis() + " ms: " + what);
            }
            Thread.sleep(INTERVAL_MILLIS);
        }
    }
}
