package dev.rift.router.proxy;

import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * LISTEN/NOTIFY across rift: NotificationResponse messages arrive asynchronously, outside any
 * query cycle, and must reach a listener whichever side the notifying session is on.
 */
@ExtendWith(UpstreamExtension.class)
class ListenNotifyThroughProxyTest {

    private static final int WAIT_MILLIS = 5_000;

    private static ProxiedUpstream proxy;

    @BeforeAll
    static void startProxy(TestUpstream pg) throws Exception {
        proxy = ProxiedUpstream.start(pg);
    }

    @AfterAll
    static void stopProxy() {
        proxy.close();
    }

    @Test
    void aListenerThroughTheProxyReceivesANotifySentDirectly() throws Exception {
        try (Connection listener = proxy.proxied().connect(); Connection sender = proxy.direct().connect()) {
            assertDelivered("orders_direct", "order 42 ✓ 'quoted'", listener, sender);
        }
    }

    @Test
    void aDirectListenerReceivesANotifySentThroughTheProxy() throws Exception {
        try (Connection listener = proxy.direct().connect(); Connection sender = proxy.proxied().connect()) {
            assertDelivered("orders_via_rift", "{\"id\": 7}", listener, sender);
        }
    }

    @Test
    void aSessionThroughTheProxyReceivesItsOwnNotifications() throws Exception {
        try (Connection both = proxy.proxied().connect()) {
            assertDelivered("self", "to myself", both, both);
        }
    }

    /** LISTEN on {@code listener}, pg_notify on {@code sender}; the listener sees channel, payload and sender. */
    private static void assertDelivered(String channel, String payload, Connection listener, Connection sender)
            throws SQLException {
        try (Statement s = listener.createStatement()) {
            s.execute("LISTEN " + channel);
        }
        try (PreparedStatement ps = sender.prepareStatement("SELECT pg_notify(?, ?)")) {
            ps.setString(1, channel);
            ps.setString(2, payload);
            ps.execute();
        }
        PGNotification[] received = listener.unwrap(PGConnection.class).getNotifications(WAIT_MILLIS);
        assertNotNull(received, "no notification on " + channel + " within " + WAIT_MILLIS + " ms");
        assertEquals(1, received.length, "notifications on " + channel);
        assertEquals(channel, received[0].getName());
        assertEquals(payload, received[0].getParameter());
        assertEquals(backendPid(sender), received[0].getPID(), "the notifying backend, as PostgreSQL names it");
    }

    private static int backendPid(Connection c) throws SQLException {
        return (Integer) Results.query(c, "SELECT pg_backend_pid()").rows().get(0).get(0);
    }
}
