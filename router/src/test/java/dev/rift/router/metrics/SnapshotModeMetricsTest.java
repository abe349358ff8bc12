package dev.rift.router.metrics;

import dev.rift.router.AutoCreate;
import dev.rift.router.snapshot.SnapshotFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** In snapshot mode every branch is relayed to its own postmaster: its statements pass through and are timed as main's. */
class SnapshotModeMetricsTest {
    private static SnapshotFixture f;

    @BeforeAll
    static void start() throws Exception {
        f = SnapshotFixture.create("create table t (id int primary key)", "insert into t values (1), (2)");
        f.serve(AutoCreate.OFF, Duration.ofMinutes(10));
    }

    @AfterAll
    static void stop() throws Exception {
        f.close();
    }

    private static Scrape scrape() {
        return new Scrape(f.server.metrics().scrape());
    }

    private static Connection connect(String branch) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", SnapshotFixture.USER);
        p.setProperty("password", SnapshotFixture.PASSWORD);
        p.setProperty("preferQueryMode", "simple");
        p.setProperty("assumeMinServerVersion", "15"); // pgjdbc's settings as startup parameters, not a statement
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + f.server.port() + "/" + branch, p);
    }

    @Test
    void aSnapshotBranchsStatementsArePassedThroughAndTimedAsRelayedAndTheBranchIsCounted() throws Exception {
        Scrape before = scrape();
        assertEquals(0, before.value("rift_branches"), "main is not a branch");
        f.pool.create("snap", null);
        assertEquals(1, scrape().value("rift_branches"));
        try (Connection c = connect("snap"); Statement st = c.createStatement()) {
            for (int i = 0; i < 3; i++) {
                st.execute("SELECT count(*) FROM t");
            }
            Scrape after = scrape();
            assertEquals(1, after.value("rift_connections_open", "branch", "snap"));
            assertEquals(3, after.value("rift_statements_total", "kind", "passthrough")
                    - before.value("rift_statements_total", "kind", "passthrough"));
            assertEquals(3, after.value("rift_statement_duration_seconds_count", "mode", "relay")
                    - before.value("rift_statement_duration_seconds_count", "mode", "relay"));
            assertEquals(0, after.value("rift_statements_total", "kind", "rewritten"), "nothing is rewritten here");
        }
        f.pool.delete("snap");
        assertEquals(0, scrape().value("rift_branches"));
    }
}
