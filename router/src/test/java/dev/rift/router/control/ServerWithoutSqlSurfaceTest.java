package dev.rift.router.control;

import dev.rift.router.ProxyConfig;
import dev.rift.router.ProxyServer;
import dev.rift.storage.UpstreamUrl;
import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A proxy that does not serve database rift (snapshot mode, a main-only proxy) says so instead of "no such branch". */
@ExtendWith(UpstreamExtension.class)
class ServerWithoutSqlSurfaceTest {
    @Test
    void connectingToDatabaseRiftWhereItIsNotServedFailsWith3D000NamingWhy(TestUpstream pg) throws Exception {
        try (ProxyServer proxy = ProxyServer.start(ProxyConfig.of("127.0.0.1", 0, UpstreamUrl.parse(pg.url())))) {
            Properties p = new Properties();
            p.setProperty("user", pg.user());
            p.setProperty("password", pg.password());
            SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection(
                    "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/rift", p));
            assertEquals("3D000", e.getSQLState());
            assertTrue(e.getMessage().contains("database \"rift\" (SQL functions for branches) is not served"),
                    e.getMessage());
        }
    }
}
