package dev.rift.web;

import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code GET /metrics} as Prometheus scrapes it: the text format, behind the token, and counts that move by exactly
 * the workload run between two scrapes (docs/metrics.md defines each metric).
 */
@ExtendWith(UpstreamExtension.class)
class MetricsEndpointTest {
    private static final String TOKEN = "metrics-token";
    private static RunningApi api;

    @BeforeAll
    static void start(TestUpstream pg) throws Exception {
        api = RunningApi.withToken(pg, TOKEN, "CREATE TABLE t (id int PRIMARY KEY, v text)",
                "INSERT INTO t SELECT g, 'v' || g FROM generate_series(1, 10) g");
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void aScrapeNeedsTheTokenAndIsPrometheusText() throws Exception {
        RunningApi.Answer anonymous = api.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(api.baseUrl() + "/metrics")).GET());
        assertEquals(401, anonymous.status());
        RunningApi.Answer scrape = api.get("/metrics");
        assertEquals(200, scrape.status());
        assertTrue(scrape.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"),
                scrape.headers().toString());
        assertTrue(scrape.body().contains("# TYPE rift_statements_total counter"), scrape.body());
    }

    @Test
    void statementsConnectionsAndBranchesMoveByTheWorkloadBetweenTwoScrapes() throws Exception {
        String before = api.get("/metrics").body();
        api.post("/api/branches", "{\"name\":\"mx-a\"}");
        try (Connection main = connect("main"); Connection branch = connect("mx-a");
             Statement onMain = main.createStatement(); Statement onBranch = branch.createStatement()) {
            onBranch.execute("UPDATE t SET v = 'changed' WHERE id = 1");
            for (int i = 0; i < 4; i++) {
                onMain.execute("SELECT count(*) FROM t");
            }
            for (int i = 0; i < 3; i++) {
                onBranch.execute("SELECT v FROM t WHERE id = 1"); // t has a delta on mx-a: rewritten
            }
            String during = api.get("/metrics").body();
            assertEquals(1.0, sample(during, "rift_connections_open{branch=\"mx-a\"}"));
            assertEquals(1.0, sample(during, "rift_connections_open{branch=\"main\"}"));
            assertEquals(4.0, sample(during, "rift_statements_total{kind=\"passthrough\"}")
                    - sample(before, "rift_statements_total{kind=\"passthrough\"}"));
            assertEquals(3.0 + 1.0, sample(during, "rift_statements_total{kind=\"rewritten\"}")
                    - sample(before, "rift_statements_total{kind=\"rewritten\"}"), "3 reads and the UPDATE");
            assertEquals(1.0, sample(during, "rift_branches") - sample(before, "rift_branches"));
            assertTrue(sample(during, "rift_statement_duration_seconds_count{mode=\"overlay\"}")
                    - sample(before, "rift_statement_duration_seconds_count{mode=\"overlay\"}") >= 4.0);
        }
    }

    /** Connects as the workload does, without pgjdbc's SET at startup, so that every statement is the test's own. */
    private static Connection connect(String branch) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", api.pg.user());
        p.setProperty("password", api.pg.password());
        p.setProperty("assumeMinServerVersion", "15");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + api.proxyPort() + "/" + branch, p);
    }

    /** The value of one series, written exactly as the text format writes it; fails when the series is missing. */
    private static double sample(String scrape, String series) {
        Matcher m = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(scrape);
        assertTrue(m.find(), "no sample " + series + " in:\n" + scrape);
        return Double.parseDouble(m.group(1));
    }
}
