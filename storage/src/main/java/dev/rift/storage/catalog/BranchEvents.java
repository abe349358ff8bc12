package dev.rift.storage.catalog;

import dev.rift.storage.UpstreamUrl;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Hears {@code NOTIFY rift_branches} from every rift process on the upstream: one dedicated connection doing
 * {@code LISTEN rift_branches}, polled on a daemon thread, calling the registered listeners with the branch's name.
 * When the connection breaks it reconnects, and tells listeners that notifications may have been missed.
 */
public final class BranchEvents implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BranchEvents.class);
    private static final int POLL_MILLIS = 250;
    private static final long MAX_RECONNECT_DELAY_MILLIS = 5_000;

    /** What a subscriber hears. Called on the events thread: keep it short and non-blocking. */
    public interface Listener {
        /** {@code branch}'s shape changed (or it was created or deleted) in some rift process. */
        void changed(String branch);

        /** The connection was re-established: changes may have gone unheard, so drop everything cached. */
        default void missed() {}
    }

    private final String jdbcUrl;
    private final Properties properties;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final CountDownLatch firstListen = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean closed;
    private volatile Connection connection;

    private BranchEvents(String jdbcUrl, Properties properties) {
        this.jdbcUrl = jdbcUrl;
        this.properties = properties;
        this.thread = new Thread(this::run, "rift-branch-events");
        this.thread.setDaemon(true);
    }

    /** Starts listening on a connection of its own to {@code upstream}. */
    public static BranchEvents start(UpstreamUrl upstream) {
        BranchEvents events = new BranchEvents(upstream.jdbcUrl(),
                CatalogDataSource.properties(upstream, "rift-branch-events"));
        events.thread.start();
        return events;
    }

    public void subscribe(Listener listener) {
        listeners.add(listener);
    }

    public void unsubscribe(Listener listener) {
        listeners.remove(listener);
    }

    /** Waits until the first {@code LISTEN} is in place, so that later notifications are heard. */
    public boolean awaitListening(long timeout, TimeUnit unit) throws InterruptedException {
        return firstListen.await(timeout, unit);
    }

    private void run() {
        long delay = 100;
        boolean reconnecting = false;
        while (!closed) {
            try {
                if (connection == null) {
                    connection = listen();
                    firstListen.countDown();
                    delay = 100;
                    if (reconnecting) {
                        listeners.forEach(Listener::missed);
                    }
                    reconnecting = true;
                }
                PGNotification[] notifications = connection.unwrap(PGConnection.class).getNotifications(POLL_MILLIS);
                if (notifications != null) {
                    for (PGNotification n : notifications) {
                        dispatch(n);
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (closed) {
                    break;
                }
                log.warn("branch events connection to {} failed ({}); reconnecting in {} ms", jdbcUrl,
                        e.getMessage(), delay);
                closeQuietly();
                if (!pause(delay)) {
                    break;
                }
                delay = Math.min(delay * 2, MAX_RECONNECT_DELAY_MILLIS);
            }
        }
        closeQuietly();
    }

    private Connection listen() throws SQLException {
        Connection c = DriverManager.getConnection(jdbcUrl, properties);
        try (Statement s = c.createStatement()) {
            s.execute("LISTEN " + BranchCatalog.CHANNEL);
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    private void dispatch(PGNotification n) {
        if (!BranchCatalog.CHANNEL.equals(n.getName())) {
            return;
        }
        for (Listener l : listeners) {
            try {
                l.changed(n.getParameter());
            } catch (RuntimeException e) {
                log.warn("branch events listener failed on {}", n.getParameter(), e);
            }
        }
    }

    /** Backoff between reconnection attempts; false when interrupted by {@link #close()}. */
    private boolean pause(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void closeQuietly() {
        Connection c = connection;
        connection = null;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                log.debug("closing the branch events connection: {}", e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
