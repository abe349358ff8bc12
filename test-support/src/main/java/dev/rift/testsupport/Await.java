package dev.rift.testsupport;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waits for something another process (PostgreSQL, rift's event loops, the JVM) does in its own time, and fails with
 * what it waited for, and what was still there, when that does not come.
 */
public final class Await {
    private static final long INTERVAL_MILLIS = 20;

    private Await() {}

    /** Returns once {@code condition} holds; otherwise fails naming {@code what}. */
    public static void until(String what, Duration limit, Callable<Boolean> condition) throws Exception {
        poll(what, limit, condition, Boolean::booleanValue, null);
    }

    /**
     * Returns once {@code condition} holds; otherwise fails with {@code what} and the last {@code state}, so a failure
     * says what was still there.
     */
    public static void until(String what, Duration limit, Callable<Boolean> condition, Supplier<String> state)
            throws Exception {
        poll(what, limit, condition, Boolean::booleanValue, b -> state.get());
    }

    /** Reads {@code read} until {@code accepted} takes its value, and returns that; the failure shows the last value. */
    public static <T> T value(String what, Duration limit, Callable<T> read, Predicate<T> accepted) throws Exception {
        return value(what, limit, read, accepted, String::valueOf);
    }

    /** As {@link #value(String, Duration, Callable, Predicate)}, the failure showing the last value as {@code state}. */
    public static <T> T value(String what, Duration limit, Callable<T> read, Predicate<T> accepted,
                              Function<T, String> state) throws Exception {
        return poll(what, limit, read, accepted, state);
    }

    /** {@code state} null: the failure names only what it waited for. */
    private static <T> T poll(String what, Duration limit, Callable<T> read, Predicate<T> accepted,
                              Function<T, String> state) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        T last = read.call();
        while (!accepted.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + limit.toMillis() + " ms: " + what
                        + (state == null ? "" : " (still: " + state.apply(last) + ")"));
            }
            Thread.sleep(INTERVAL_MILLIS);
            last = read.call();
        }
        return last;
    }
}
