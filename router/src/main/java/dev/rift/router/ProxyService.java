package dev.rift.router;

import dev.rift.router.metrics.Metrics;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What {@code rift serve} runs, in either mode ({@link RiftServer}, {@code SnapshotServer}): the
 * proxy and the parts behind it, which {@link #close()} stops together, once, whichever thread
 * (shutdown hook, SIGTERM handler, the caller) gets there first.
 */
public abstract class ProxyService implements AutoCloseable {

    private final AtomicBoolean closing = new AtomicBoolean();
    private final CountDownLatch closed = new CountDownLatch(1);

    public abstract ProxyServer proxy();

    /** Stops the proxy and everything behind it; called once. */
    protected abstract void closeParts();

    public int port() {
        return proxy().port();
    }

    /** The metrics of this server (docs/metrics.md), for {@code GET /metrics}. */
    public Metrics metrics() {
        return proxy().metrics();
    }

    /** Blocks until {@link #close()} has finished. */
    public void awaitClose() throws InterruptedException {
        closed.await();
    }

    /** A graceful stop: see {@link ProxyServer#drain(Duration)}; {@link #close()} follows it. */
    public boolean drain(Duration timeout) throws InterruptedException {
        return proxy().drain(timeout);
    }

    @Override
    public final void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        try {
            closeParts();
        } finally {
            closed.countDown();
        }
    }

    /** Numbered daemon threads ({@code prefix1}, {@code prefix2}, ...): they must not keep the JVM alive. */
    protected static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
