package dev.rift.router.branch;

import dev.rift.router.AutoCreate;
import dev.rift.router.ProxyConfig;
import dev.rift.router.RiftServer;
import dev.rift.storage.UpstreamUrl;
import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Overlay mode with --auto-create: connecting to a missing branch whose name matches creates it from main. */
@ExtendWith(UpstreamExtension.class)
class AutoCreateOnConnectTest {
    private static TestUpstream pg;
    private static String db;
    private static RiftServer rift;

    @BeforeAll
    static void start(TestUpstream upstream) throws Exception {
        pg = upstream;
        db = pg.createDatabase();
        try (Connection c = pg.connect(db); Statement st = c.createStatement()) {
            st.execute("create table notes(id int primary key, body text)");
            st.execute("insert into notes values (1, 'upstream')");
        }
        rift = RiftServer.start(ProxyConfig.of("127.0.0.1", 0, UpstreamUrl.parse(pg.url(db))),
                AutoCreate.of("pr-[0-9]+"));
    }

    @AfterAll
    static void stop() {
        try {
            rift.close();
        } finally {
            pg.dropDatabase(db);
        }
    }

    @Test
    void aMatchingNameIsCreatedFromMainOnConnectAndIsAWritableBranch() throws Exception {
        try (Connection c = connect("pr-17"); Statement st = c.createStatement()) {
            st.execute("insert into notes values (2, 'on pr-17')");
            try (ResultSet rs = st.executeQuery("select count(*) from notes")) {
                rs.next();
                assertEquals(2, rs.getInt(1));
            }
        }
        assertTrue(rift.engine().branchCatalog().branch("pr-17").isPresent());
        try (Connection u = pg.connect(db); Statement st = u.createStatement();
             ResultSet rs = st.executeQuery("select count(*) from notes")) {
            rs.next();
            assertEquals(1, rs.getInt(1), "the upstream is untouched");
        }
    }

    @Test
    void aNameOutsideThePatternIsStillUnknown() {
        SQLException e = assertThrows(SQLException.class, () -> connect("feature-1").close());
        assertEquals("3D000", e.getSQLState());
    }

    private static Connection connect(String branch) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", pg.user());
        p.setProperty("password", pg.password());
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + rift.port() + "/" + branch, p);
    }
}
