package dev.rift.storage.cluster;

import dev.rift.storage.UpstreamUrl;
import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(UpstreamExtension.class)
class UpstreamExtensionTest {

    private static TestUpstream fromBeforeAll;

    @BeforeAll
    static void remember(TestUpstream upstream) {
        fromBeforeAll = upstream;
    }

    @Test
    void resolvesAWorkingUpstream(TestUpstream upstream) throws SQLException {
        try (Connection c = upstream.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT current_user, current_database()")) {
            assertTrue(rs.next());
            assertEquals(upstream.user(), rs.getString(1));
            assertEquals(upstream.database(), rs.getString(2));
        }
        assertNotEquals(5432, "local cluster".equals(upstream.kind()) ? upstream.port() : 0);
    }

    @Test
    void oneUpstreamIsSharedByTheWholeRun(TestUpstream upstream) {
        assertSame(fromBeforeAll, upstream);
    }

    @Test
    void localClusterUpstreamExposesItsBinaries(TestUpstream upstream) {
        if ("local cluster".equals(upstream.kind())) {
            assertNotNull(upstream.binaries());
            assertEquals(UpstreamExtension.USER, upstream.user());
            assertEquals(UpstreamExtension.DATABASE, upstream.database());
        }
    }

    @Test
    void createDatabaseGivesAFreshEmptyDatabase(TestUpstream upstream) throws SQLException {
        String a = upstream.createDatabase();
        String b = upstream.createDatabase();
        try {
            assertNotEquals(a, b);
            try (Connection c = upstream.connect(a); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT current_database(), "
                         + "(SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace)")) {
                assertTrue(rs.next());
                assertEquals(a, rs.getString(1));
                assertEquals(0, rs.getInt(2));
            }
        } finally {
            upstream.dropDatabase(a);
            upstream.dropDatabase(b);
        }
    }

    @Test
    void copyDatabaseCopiesTableContentsEvenWhileTheSourceIsInUse(TestUpstream upstream) throws SQLException {
        String source = upstream.createDatabase();
        String copy = null;
        try {
            try (Connection c = upstream.connect(source); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE accounts(id int PRIMARY KEY, owner text NOT NULL, balance numeric)");
                s.execute("INSERT INTO accounts SELECT g, 'owner ' || g, g * 10.5 FROM generate_series(1, 100) g");
                s.execute("CREATE SEQUENCE ticket_seq START 500");
                // This session stays open on the source: copyDatabase must terminate it.
                copy = upstream.copyDatabase(source);
            }
            assertEquals(rows(upstream, source), rows(upstream, copy));
            assertEquals(100, rows(upstream, copy).size());
            try (Connection c = upstream.connect(copy); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT nextval('ticket_seq')")) {
                assertTrue(rs.next());
                assertEquals(500, rs.getLong(1));
            }
            try (Connection c = upstream.connect(copy); Statement s = c.createStatement()) {
                s.execute("DELETE FROM accounts WHERE id > 10");
            }
            assertEquals(10, rows(upstream, copy).size());
            assertEquals(100, rows(upstream, source).size(), "the copy is independent of its template");
        } finally {
            if (copy != null) {
                upstream.dropDatabase(copy);
            }
            upstream.dropDatabase(source);
        }
    }

    @Test
    void dropDatabaseRemovesItEvenWithSessionsOpen(TestUpstream upstream) throws SQLException {
        String db = upstream.createDatabase();
        try (Connection open = upstream.connect(db)) {
            assertTrue(open.isValid(2));
            upstream.dropDatabase(db);
        } catch (SQLException ignored) {
            // the open session was terminated by DROP ... WITH (FORCE)
        }
        try (Connection c = upstream.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_database WHERE datname = '" + db + "'")) {
            assertTrue(rs.next());
            assertEquals(0, rs.getInt(1));
        }
        upstream.dropDatabase(db); // IF EXISTS: no error
    }

    @Test
    void urlCarriesEverythingNeededToConnect(TestUpstream upstream) {
        UpstreamUrl u = UpstreamUrl.parse(upstream.url());
        assertEquals(upstream.host(), u.host());
        assertEquals(upstream.port(), u.port());
        assertEquals(upstream.user(), u.user());
        assertEquals(upstream.password(), u.password());
        assertEquals(upstream.database(), u.database());
        assertTrue(upstream.url().startsWith("postgres://"));
        assertEquals("jdbc:postgresql://" + upstream.host() + ":" + upstream.port() + "/" + upstream.database(),
                upstream.jdbcUrl());
    }

    @Test
    void urlPercentEncodesAwkwardCredentials() {
        TestUpstream odd = TestUpstream.of("test", "127.0.0.1", 5555, "us@r", "p:w/d@#?% é", "my db", null);
        UpstreamUrl u = UpstreamUrl.parse(odd.url());
        assertEquals("us@r", u.user());
        assertEquals("p:w/d@#?% é", u.password());
        assertEquals("my db", u.database());
        assertFalse(odd.toString().contains("p:w/d"), "toString hides the password");
    }

    private static List<String> rows(TestUpstream upstream, String db) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = upstream.connect(db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, owner, balance FROM accounts ORDER BY id")) {
            while (rs.next()) {
                out.add(rs.getInt(1) + "|" + rs.getString(2) + "|" + rs.getBigDecimal(3));
            }
        }
        return out;
    }
}
