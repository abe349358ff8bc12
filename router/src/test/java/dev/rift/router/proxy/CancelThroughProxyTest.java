package dev.rift.router.proxy;

import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import dev.rift.testsupport.Await;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code Statement.cancel()} through rift: pgjdbc sends a CancelRequest with the key rift gave it
 * on a new connection; rift maps it to the upstream backend's key, and the running query ends
 * with PostgreSQL's own 57014 error while the session stays usable.
 */
@ExtendWith(UpstreamExtension.class)
class CancelThroughProxyTest {
    private static final Logger log = LoggerFactory.getLogger(CancelThroughProxyTest.class);

    private static final String LONG_QUERY = "SELECT pg_sleep(30)";
    private static final Duration CANCEL_LIMIT = Duration.ofSeconds(2);

    private static ProxiedUpstream proxy;
    private static ExecutorService runner;

    @BeforeAll
    static void startProxy(TestUpstream pg) throws Exception {
        proxy = ProxiedUpstream.start(pg);
        runner = Executors.newSingleThreadExecutor();
    }

    @AfterAll
    static void stopProxy() {
        runner.shutdownNow();
        proxy.close();
    }

    @Test
    void cancellingAQueryThroughTheProxyReturns57014WithinTwoSecondsAndTheSessionStaysUsable() throws Exception {
        // A hang here (the cancel never reaching the backend) is exactly the failure this test is for.
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            try (SideBySide.Sessions s = proxy.sideBySide().open(Map.of())) {
                SqlError cancelled = s.sameError("a cancelled pg_sleep(30)", CancelThroughProxyTest::runAndCancel);
                assertEquals("57014", cancelled.sqlState(), "query_canceled: " + cancelled);
                s.same("a query on the same session after the cancel", c -> Results.query(c, "SELECT 1"));
            }
        });
    }

    /** Starts the long query, waits until the backend runs it, cancels, and rethrows the query's error. */
    private static Object runAndCancel(Connection c) throws Exception {
        int pid = (Integer) Results.query(c, "SELECT pg_backend_pid()").rows().get(0).get(0);
        try (Statement statement = c.createStatement()) {
            Future<?> running = runner.submit(() -> statement.execute(LONG_QUERY));
            try (Connection observer = proxy.direct().connect()) {
                Await.until("backend " + pid + " runs " + LONG_QUERY, Duration.ofSeconds(10),
                        () -> isRunning(observer, pid));
            }
            long start = System.nanoTime();
            statement.cancel();
            SQLException error = null;
            try {
                running.get(CANCEL_LIMIT.toMillis() * 5, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                error = e.getCause() instanceof SQLException sql ? sql : null;
                assertNotNull(error, "the query failed with a non-SQL error: " + e.getCause());
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            log.info("cancel on {} took {} ms", c.getMetaData().getURL(), took.toMillis());
            assertNotNull(error, "the query was not cancelled");
            assertTrue(took.compareTo(CANCEL_LIMIT) < 0, "cancel took " + took.toMillis() + " ms");
            throw error;
        }
    }

    private static boolean isRunning(Connection observer, int pid) throws SQLException {
        try (PreparedStatement ps = observer.prepareStatement(
                "SELECT 1 FROM pg_stat_activity WHERE pid = ? AND state = 'active' AND query = ?")) {
            ps.setInt(1, pid);
            ps.setString(2, LONG_QUERY);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
