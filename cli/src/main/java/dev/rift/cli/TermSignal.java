package dev.rift.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * SIGTERM, as container runtimes and CI services send it to stop a service, taken as PostgreSQL takes it: a
 * graceful shutdown. Left to the JVM, SIGTERM runs the shutdown hooks and exits with 143, which a CI job reads as a
 * failure; handled here, the server drains and closes, and {@code rift serve} returns 0.
 */
final class TermSignal {
    private static final Logger log = LoggerFactory.getLogger(TermSignal.class);

    private TermSignal() {
    }

    interface Drain {
        boolean drain() throws InterruptedException;
    }

    /** On the first SIGTERM runs {@code drain} then {@code close}; later ones are ignored while that runs. */
    static void handle(Drain drain, Runnable close) {
        AtomicBoolean started = new AtomicBoolean();
        Signal.handle(new Signal("TERM"), signal -> {
            if (!started.compareAndSet(false, true)) {
                return;
            }
            log.info("SIGTERM: no new connections; sessions end as their statements finish");
            try {
                drain.drain();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                log.warn("drain failed, closing", e);
            } finally {
                close.run();
            }
        });
    }
}
