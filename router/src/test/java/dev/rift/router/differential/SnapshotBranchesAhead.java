package dev.rift.router.differential;

import dev.rift.storage.pool.SnapshotPool;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fresh snapshot branches of main, cloned and started ahead of time by a background thread (as
 * {@link OracleCopies} does for the oracle), and deleted by it after use: a clone plus a postmaster
 * start costs more than running a scenario.
 */
final class SnapshotBranchesAhead implements AutoCloseable {
    private final SnapshotPool pool;
    private final int ahead;
    private final AtomicInteger counter = new AtomicInteger();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "snapshot-branches-ahead");
        t.setDaemon(true);
        return t;
    });
    private final Deque<Future<String>> ready = new ArrayDeque<>();

    SnapshotBranchesAhead(SnapshotPool pool, int ahead) {
        this.pool = pool;
        this.ahead = ahead;
    }

    /** A fresh branch of main with its postmaster running; give it back with {@link #discard}. */
    synchronized String take() throws Exception {
        while (ready.size() <= ahead) {
            String name = "s" + counter.incrementAndGet();
            ready.addLast(worker.submit(() -> {
                pool.create(name, null);
                pool.start(name);
                return name;
            }));
        }
        try {
            return ready.pollFirst().get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    void discard(String branch) {
        worker.submit(() -> pool.delete(branch));
    }

    /** Deletes the branches made ahead and every discarded one, then stops the worker. */
    @Override
    public synchronized void close() throws Exception {
        for (Future<String> f : ready) {
            String name = f.get();
            worker.submit(() -> pool.delete(name));
        }
        ready.clear();
        worker.shutdown();
        worker.awaitTermination(2, TimeUnit.MINUTES);
    }
}
