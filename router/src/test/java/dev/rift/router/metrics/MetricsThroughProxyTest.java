package dev.rift.router.metrics;

import dev.rift.cow.BranchSummary;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * rift's metrics move by exactly what a known workload through the real proxy does: statements on main are passed
 * through, reads of a table the branch changed are rewritten, what rift cannot run on a branch is refused; each
 * query cycle is timed once; connections are counted while open; the branch gauge follows create and delete.
 */
@ExtendWith(UpstreamExtension.class)
class MetricsThroughProxyTest {
    private static final String BRANCH = "feature";
    private static final Duration AWAIT = Duration.ofSeconds(10);

    private static TestUpstream pg;
    private static String db;
    private static RiftServer rift;

    @BeforeAll
    static void start(TestUpstream upstream) throws Exception {
        pg = upstream;
        db = pg.createDatabase();
        try (Connection c = pg.connect(db); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE t (id int PRIMARY KEY, v text)");
            st.execute("INSERT INTO t SELECT i, 'row ' || i FROM generate_series(1, 10) i");
        }
        rift = RiftServer.start(ProxyConfig.of("127.0.0.1", 0, UpstreamUrl.parse(pg.url(db))));
        rift.engine().install();
        rift.engine().createBranch(BRANCH, null);
        // The branch changes t, so reads of t on it are rewritten to its merged relation.
        try (Connection c = connect(BRANCH, "simple"); Statement st = c.createStatement()) {
            assertEquals(1, st.executeUpdate("UPDATE t SET v = 'changed' WHERE id = 1"));
        }
        awaitNoSessionOpen();
    }

    @AfterAll
    static void stop() {
        if (rift != null) {
            rift.close();
        }
        if (db != null) {
            pg.dropDatabase(db);
        }
    }

    private static Connection connect(String branch, String queryMode) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", pg.user());
        p.setProperty("password", pg.password());
        p.setProperty("preferQueryMode", queryMode);
        p.setProperty("socketTimeout", "60");
        // Older servers get pgjdbc's settings as a SET statement after connecting; startup parameters keep the
        // workload exactly the statements each test runs.
        p.setProperty("assumeMinServerVersion", "15");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + rift.port() + "/" + branch, p);
    }

    private static Scrape scrape() {
        return new Scrape(rift.metrics().scrape());
    }

    private static Scrape awaitScrape(String what, Predicate<Scrape> condition) throws Exception {
        return Await.value(what, AWAIT, MetricsThroughProxyTest::scrape, condition);
    }

    /** Sessions of earlier tests end on rift's event loops a moment after their clients closed them. */
    private static void awaitNoSessionOpen() throws Exception {
        awaitScrape("no session open", s -> s.find("rift_connections_open", "branch", BRANCH).isEmpty()
                && s.find("rift_connections_open", "branch", "main").isEmpty());
    }

    private static double moved(Scrape before, Scrape after, String name, String... labels) {
        return after.value(name, labels) - before.value(name, labels);
    }

    private static void runTimes(Statement st, String sql, int times) throws SQLException {
        for (int i = 0; i < times; i++) {
            st.execute(sql);
        }
    }

    @Test
    void statementsAreCountedByWhatRiftSentUpstreamForThem() throws Exception {
        Scrape before = scrape();
        try (Connection main = connect("main", "simple"); Statement st = main.createStatement()) {
            runTimes(st, "SELECT count(*) FROM t", 5);
        }
        try (Connection branch = connect(BRANCH, "simple"); Statement st = branch.createStatement()) {
            for (int i = 0; i < 4; i++) {
                try (ResultSet rs = st.executeQuery("SELECT v FROM t WHERE id = 1")) {
                    assertTrue(rs.next());
                    assertEquals("changed", rs.getString(1), "the read went to the branch's merged relation");
                }
            }
            for (int i = 0; i < 3; i++) {
                SQLException refused = assertThrows(SQLException.class, () -> st.execute("SELECT ctid FROM t"));
                assertEquals("0A000", refused.getSQLState(), refused.getMessage());
            }
        }
        Scrape after = scrape();
        assertEquals(5, moved(before, after, "rift_statements_total", "kind", "passthrough"));
        assertEquals(4, moved(before, after, "rift_statements_total", "kind", "rewritten"));
        assertEquals(3, moved(before, after, "rift_statements_total", "kind", "refused"));
    }

    @Test
    void eachQueryCycleIsTimedOnceInTheSeriesOfItsSessionsMode() throws Exception {
        Scrape before = scrape();
        try (Connection main = connect("main", "simple"); Statement st = main.createStatement()) {
            runTimes(st, "SELECT pg_sleep(0.01)", 3);
        }
        try (Connection branch = connect(BRANCH, "simple"); Statement st = branch.createStatement()) {
            runTimes(st, "SELECT v FROM t WHERE id = 3", 2);
            assertThrows(SQLException.class, () -> st.execute("SELECT ctid FROM t"));
        }
        Scrape after = scrape();
        String count = "rift_statement_duration_seconds_count";
        String bucket = "rift_statement_duration_seconds_bucket";
        assertEquals(3, moved(before, after, count, "mode", "relay"));
        assertEquals(3, moved(before, after, count, "mode", "overlay"), "two reads and a refusal");
        assertTrue(moved(before, after, "rift_statement_duration_seconds_sum", "mode", "relay") >= 0.03,
                "three cycles that each slept 10 ms upstream");
        assertEquals(3, moved(before, after, bucket, "mode", "relay", "le", "+Inf"));
        assertEquals(0, moved(before, after, bucket, "mode", "relay", "le", "0.005"),
                "no cycle that slept 10 ms upstream can be seen faster than that");
    }

    @Test
    void inTheExtendedProtocolEachExecutionIsOneStatementAndOneCycle() throws Exception {
        Scrape before = scrape();
        try (Connection main = connect("main", "extended");
             PreparedStatement ps = main.prepareStatement("SELECT v FROM t WHERE id = ?")) {
            for (int id = 1; id <= 3; id++) {
                ps.setInt(1, id);
                ps.executeQuery().close();
            }
        }
        try (Connection branch = connect(BRANCH, "extended");
             PreparedStatement ps = branch.prepareStatement("SELECT v FROM t WHERE id = ?")) {
            for (int id = 1; id <= 3; id++) {
                ps.setInt(1, id);
                ps.executeQuery().close();
            }
        }
        Scrape after = scrape();
        assertEquals(3, moved(before, after, "rift_statements_total", "kind", "passthrough"));
        assertEquals(3, moved(before, after, "rift_statements_total", "kind", "rewritten"));
        assertEquals(3, moved(before, after, "rift_statement_duration_seconds_count", "mode", "relay"));
        assertEquals(3, moved(before, after, "rift_statement_duration_seconds_count", "mode", "overlay"));
    }

    @Test
    void aRepeatedStatementIsPlannedOnceThenServedFromThePlanCache() throws Exception {
        Scrape before = scrape();
        try (Connection branch = connect(BRANCH, "simple"); Statement st = branch.createStatement()) {
            runTimes(st, "SELECT v FROM t WHERE id = 2", 4);
        }
        Scrape after = scrape();
        assertEquals(1, moved(before, after, "rift_plan_cache_misses_total"));
        assertEquals(3, moved(before, after, "rift_plan_cache_hits_total"));
    }

    @Test
    void openConnectionsAreCountedPerBranchWhileOpenAndEveryConnectionAccepted() throws Exception {
        awaitNoSessionOpen();
        Scrape before = scrape();
        List<Connection> open = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                open.add(connect(BRANCH, "simple"));
            }
            open.add(connect("main", "simple"));
            Scrape during = scrape();
            assertEquals(3, during.value("rift_connections_open", "branch", BRANCH));
            assertEquals(1, during.value("rift_connections_open", "branch", "main"));
            assertEquals(4, moved(before, during, "rift_connections_accepted_total"));
        } finally {
            for (Connection c : open) {
                c.close();
            }
        }
        awaitNoSessionOpen();
        assertEquals(4, moved(before, scrape(), "rift_connections_accepted_total"), "closing accepts nothing");
    }

    @Test
    void theBranchGaugeFollowsCreateAndDeleteAndADeletedBranchLosesItsConnectionSeries() throws Exception {
        double branches = scrape().value("rift_branches");
        assertEquals(rift.engine().list().size(), branches);
        rift.engine().createBranch("short-lived", null);
        assertEquals(branches + 1, scrape().value("rift_branches"));
        try (Connection c = connect("short-lived", "simple")) {
            assertEquals(1, scrape().value("rift_connections_open", "branch", "short-lived"));
            rift.engine().deleteBranch("short-lived", false);
            assertEquals(branches, scrape().value("rift_branches"));
            awaitScrape("the deleted branch's sessions ended",
                    s -> s.find("rift_connections_open", "branch", "short-lived").isEmpty());
        }
    }

    @Test
    void overlayBytesAreWhatRiftListReportsForAllBranchesTogether() {
        long listed = rift.engine().list().stream().mapToLong(BranchSummary::bytes).sum();
        assertTrue(listed > 0, "the branch's update gave it a delta table");
        assertEquals(listed, scrape().value("rift_overlay_bytes"));
    }

    @Test
    void everyMetricIsDeclaredWithItsPrometheusTypeAndServedAsTheTextFormat() throws Exception {
        Scrape s;
        try (Connection c = connect("main", "simple")) {
            s = scrape(); // a gauge family is written only while it has a series
        }
        assertEquals("counter", s.type("rift_connections_accepted_total"));
        assertEquals("counter", s.type("rift_client_startups_total"));
        assertEquals("gauge", s.type("rift_connections_open"));
        assertEquals("counter", s.type("rift_statements_total"));
        assertEquals("histogram", s.type("rift_statement_duration_seconds"));
        assertEquals("counter", s.type("rift_plan_cache_hits_total"));
        assertEquals("counter", s.type("rift_plan_cache_misses_total"));
        assertEquals("gauge", s.type("rift_branches"));
        assertEquals("gauge", s.type("rift_overlay_bytes"));
        assertEquals("text/plain; version=0.0.4; charset=utf-8", rift.metrics().contentType());
    }
}
