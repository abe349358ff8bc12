package dev.rift.router.abuse;

import dev.rift.router.ProxyConfig;
import dev.rift.router.RiftServer;
import dev.rift.storage.UpstreamUrl;
import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import dev.rift.testsupport.Await;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import static dev.rift.router.abuse.Replies.assertFatal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Clients of database rift that misbehave on the wire: a malformed message ends only their session; a client that
 * stops reading mid-diff and goes away ends the diff and its snapshot.
 */
@ExtendWith(UpstreamExtension.class)
class ControlDatabaseAbuseTest {
    private static final String HOST = "127.0.0.1";
    private static TestUpstream pg;
    private static String db;
    private static RiftServer rift;

    @BeforeAll
    static void start(TestUpstream upstream) throws Exception {
        pg = upstream;
        db = pg.createDatabase();
        try (Connection c = pg.connect(db); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE items (id int PRIMARY KEY, payload text)");
        }
        rift = RiftServer.start(ProxyConfig.of(HOST, 0, UpstreamUrl.parse(pg.url(db))));
        rift.engine().install();
        rift.engine().createBranch("bulk", null);
        try (Connection b = jdbc("bulk"); Statement st = b.createStatement()) {
            st.executeUpdate("INSERT INTO items SELECT g, repeat('x', 500) FROM generate_series(1, 100000) g");
        }
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
    void aMalformedBindOnDatabaseRiftEndsThatSessionWithFatal08P01AndNoOtherOne() throws Exception {
        try (Connection healthy = jdbc("rift"); RawPgClient client = authenticatedOnRift()) {
            client.send(Packets.frame('B', new byte[] {'p', 0, 's'})); // the statement name has no terminator
            assertFatal(client.readUntilEnd(Duration.ofSeconds(10)), "08P01");
            assertTrue(branchesAnswer(healthy));
        }
    }

    @Test
    void aClientThatStopsReadingMidDiffAndDisconnectsLeavesNoDiffSnapshotOpen() throws Exception {
        try (Connection upstream = pg.connect(db)) {
            try (RawPgClient client = authenticatedOnRift()) {
                client.send(Packets.query("SELECT * FROM rift.diff('bulk')"));
                // 50 MB of rows cannot all fit in the sockets' buffers: the diff waits with its snapshot open.
                Await.until("the diff's snapshot is open", Duration.ofSeconds(30),
                        () -> openDiffSnapshots(upstream) == 1, () -> "open: " + safeCount(upstream));
            }
            Await.until("the diff's snapshot is closed after the client left", Duration.ofSeconds(30),
                    () -> openDiffSnapshots(upstream) == 0, () -> "open: " + safeCount(upstream));
        }
        try (Connection c = jdbc("rift")) {
            assertTrue(branchesAnswer(c));
        }
    }

    /** Sessions of this database in a transaction whose last statement was a diff's row query. */
    private static int openDiffSnapshots(Connection upstream) throws SQLException {
        try (PreparedStatement ps = upstream.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE datname = ?"
                + " AND state IN ('active', 'idle in transaction') AND query LIKE '%JOIN LATERAL%'"
                + " AND pid <> pg_backend_pid()")) {
            ps.setString(1, db);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static String safeCount(Connection upstream) {
        try {
            return Integer.toString(openDiffSnapshots(upstream));
        } catch (SQLException e) {
            return e.toString();
        }
    }

    private static boolean branchesAnswer(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT name FROM rift.branches()")) {
            return rs.next() && rs.getString(1).equals("bulk");
        }
    }

    private static RawPgClient authenticatedOnRift() throws Exception {
        RawPgClient c = RawPgClient.connect(HOST, rift.port());
        Map<String, String> startup = new LinkedHashMap<>();
        startup.put("user", pg.user());
        startup.put("database", "rift");
        c.authenticate(startup, pg.password());
        return c;
    }

    private static Connection jdbc(String database) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", pg.user());
        p.setProperty("password", pg.password());
        return DriverManager.getConnection("jdbc:postgresql://" + HOST + ":" + rift.port() + "/" + database, p);
    }
}
