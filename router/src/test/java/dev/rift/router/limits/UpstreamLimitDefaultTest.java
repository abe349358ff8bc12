package dev.rift.router.limits;

import dev.rift.router.ConnectionLimits;
import dev.rift.router.ProxyConfig;
import dev.rift.router.RiftServer;
import dev.rift.router.UpstreamCapacity;
import dev.rift.storage.UpstreamUrl;
import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * --max-upstream-conn left to rift: a share of what the upstream takes, read from the upstream at start, leaving room
 * for direct logins and rift's own connections; given explicitly, it is kept.
 */
@ExtendWith(UpstreamExtension.class)
class UpstreamLimitDefaultTest {

    @Test
    void theShareLeavesAQuarterOfOrdinaryConnectionsAndRiftsOwnFree() {
        assertEquals(66, new UpstreamCapacity(100, 3).sessionShare(), "PostgreSQL's defaults");
        assertEquals(441, new UpstreamCapacity(600, 3).sessionShare());
        assertEquals(1, new UpstreamCapacity(10, 3).sessionShare(), "a tiny server still serves one session");
        assertEquals(66, ConnectionLimits.DEFAULT.upstreamLimit(UpstreamCapacity.POSTGRES_DEFAULT));
        assertEquals(7, ConnectionLimits.DEFAULT.withMaxUpstreamConn(7).upstreamLimit(UpstreamCapacity.POSTGRES_DEFAULT));
    }

    @Test
    void anOverlayServerReadsTheUpstreamsMaxConnectionsAtStartAndKeepsAnExplicitLimit(TestUpstream pg) throws Exception {
        String db = pg.createDatabase();
        try {
            int maxConnections;
            int reserved;
            try (Connection c = pg.connect(db); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT current_setting('max_connections')::int,"
                         + " current_setting('superuser_reserved_connections')::int"
                         + " + coalesce(current_setting('reserved_connections', true)::int, 0)")) {
                rs.next();
                maxConnections = rs.getInt(1);
                reserved = rs.getInt(2);
            }
            ProxyConfig config = ProxyConfig.of("127.0.0.1", 0, UpstreamUrl.parse(pg.url(db)));
            try (RiftServer rift = RiftServer.start(config)) {
                assertEquals(new UpstreamCapacity(maxConnections, reserved).sessionShare(),
                        rift.proxy().upstreamSlots().limit(), "max_connections " + maxConnections + ", reserved " + reserved);
            }
            try (RiftServer rift = RiftServer.start(config.withLimits(ConnectionLimits.DEFAULT.withMaxUpstreamConn(7)))) {
                assertEquals(7, rift.proxy().upstreamSlots().limit());
            }
        } finally {
            pg.dropDatabase(db);
        }
    }
}
