package dev.rift.router.abuse;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.fail;

/** Waits for something another process (PostgreSQL, rift's event loops, the JVM) does in its own time. */
final class Await {
    private static final long INTERVAL_MILLIS = 20;

    private Await() {
    }

    /**
     * Returns once {@code condition} holds; otherwise fails with {@code what} and the last
     * {@code state}, so a failure says what was still there.
     */
    static void until(String what, Duration limit, Callable<Boolean> condition, Supplier<String> state)
            throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                fail("not within " + limit.toMillis() + " ms: " + what + " (still: " + state.get() + ")");
            }
            Thread.sleep(INTERVAL_MILLIS);
        }
    }
}
