package dev.rift.router.proxy;

import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import dev.rift.testsupport.Await;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client that vanishes mid-transaction (its socket closed without a Terminate message, as when
 * the process dies): rift must close the upstream session too, so PostgreSQL rolls the
 * transaction back and frees the backend, instead of leaving it idle in transaction.
 */
@ExtendWith(UpstreamExtension.class)
class ClientDisconnectThroughProxyTest {

    private static final Duration SESSION_END_LIMIT = Duration.ofSeconds(5);

    private static ProxiedUpstream proxy;

    @BeforeAll
    static void startProxy(TestUpstream pg) throws Exception {
        proxy = ProxiedUpstream.start(pg);
        try (Connection c = proxy.direct().connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE orders (id int PRIMARY KEY, item text)");
        }
    }

    @AfterAll
    static void stopProxy() {
        proxy.close();
    }

    @Test
    void aClientThatDisappearsMidTransactionEndsItsUpstreamSessionAndItsWritesAreRolledBack() throws Exception {
        try (Connection observer = proxy.direct().connect()) {
            Connection vanishing = proxy.proxied().connect();
            vanishing.setAutoCommit(false);
            int pid = (Integer) Results.query(vanishing, "SELECT pg_backend_pid()").rows().get(0).get(0);
            try (Statement s = vanishing.createStatement()) {
                s.executeUpdate("INSERT INTO orders VALUES (1, 'never committed')");
            }
            assertEquals("idle in transaction", stateOf(observer, pid), "the upstream session before the client vanishes");

            // pgjdbc's abort closes the socket without sending Terminate.
            vanishing.abort(Runnable::run);

            Await.until("upstream backend " + pid + " gone from pg_stat_activity", SESSION_END_LIMIT,
                    () -> stateOf(observer, pid) == null);
            assertTrue(Results.query(observer, "SELECT * FROM orders").rows().isEmpty(),
                    "the vanished client's insert must have been rolled back");
        }
    }

    /** The backend's state in pg_stat_activity, or null once it has exited. */
    private static String stateOf(Connection observer, int pid) throws SQLException {
        try (PreparedStatement ps = observer.prepareStatement("SELECT state FROM pg_stat_activity WHERE pid = ?")) {
            ps.setInt(1, pid);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
