package dev.rift.router.differential;

import dev.rift.storage.testing.TestUpstream;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Fresh full copies of a template database for the oracle side, made ahead of time by two background threads.
 * A copy (CREATE DATABASE ... TEMPLATE) costs more than running a scenario, so making the next ones while a
 * scenario runs more than halves the suite's time; used copies are dropped by the same threads.
 */
final class OracleCopies implements AutoCloseable {
    private final TestUpstream pg;
    private final String template;
    private final int ahead;
    private final ExecutorService workers = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "oracle-copies");
        t.setDaemon(true);
        return t;
    });
    private final Deque<Future<String>> ready = new ArrayDeque<>();

    OracleCopies(TestUpstream pg, String template, int ahead) {
        this.pg = pg;
        this.template = template;
        this.ahead = ahead;
    }

    /** A fresh copy of the template, nobody connected to it; give it back with {@link #discard}. */
    synchronized String take() throws Exception {
        while (ready.size() <= ahead) {
            ready.addLast(workers.submit(() -> pg.copyDatabase(template)));
        }
        try {
            return ready.pollFirst().get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /** Drops a copy (in the background: nothing waits for it). */
    void discard(String copy) {
        workers.submit(() -> pg.dropDatabase(copy));
    }

    /** Drops the copies made ahead and every discarded one, then stops the workers. */
    @Override
    public synchronized void close() throws Exception {
        for (Future<String> f : ready) {
            try {
                String copy = f.get();
                workers.submit(() -> pg.dropDatabase(copy));
            } catch (ExecutionException e) {
                // a copy that could not be made needs no drop
            }
        }
        ready.clear();
        workers.shutdown();
        if (!workers.awaitTermination(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("oracle copies were not dropped within 60 s");
        }
    }
}
