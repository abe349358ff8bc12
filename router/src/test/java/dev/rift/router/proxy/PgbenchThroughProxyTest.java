package dev.rift.router.proxy;

import dev.rift.storage.cluster.ExternalCommand;
import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * pgbench through rift (slow: two 30-second runs). Initialization creates and fills the
 * pgbench tables through rift; then the TPC-B-like workload runs with 4 clients, once with
 * prepared statements and once with simple queries, and every transaction must succeed.
 * Every TPC-B transaction inserts one pgbench_history row, so the history table, read directly
 * from PostgreSQL, must hold exactly as many rows as pgbench reports transactions for the run.
 */
@Tag("slow")
@ExtendWith(UpstreamExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PgbenchThroughProxyTest {
    private static final Logger log = LoggerFactory.getLogger(PgbenchThroughProxyTest.class);

    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final String RUN_SECONDS = "30";
    private static final Pattern PROCESSED = Pattern.compile("number of transactions actually processed: (\\d+)");
    private static final Pattern FAILED = Pattern.compile("number of failed transactions: (\\d+)");

    private static ProxiedUpstream proxy;
    private static CommandLineClient pgbench;

    @BeforeAll
    static void startProxyAndInitialize(TestUpstream pg) throws Exception {
        // The fixture's fresh database is what branch main maps to, so pgbench -i cannot touch anything else.
        proxy = ProxiedUpstream.start(pg);
        pgbench = CommandLineClient.pgbench(pg);
        ExternalCommand.Result init = pgbench.run(proxy.proxied(), TIMEOUT, "-i", "-s", "1");
        assertEquals(0, init.exitCode(), "pgbench -i through rift:\n" + init.stderr());
    }

    @AfterAll
    static void stopProxy() {
        proxy.close();
    }

    @Test
    @Order(1)
    void pgbenchInitializationThroughTheProxyCreatesWhatItCreatesDirectly() throws Exception {
        TestUpstream pg = proxy.upstream();
        String reference = pg.createDatabase();
        try {
            Endpoint directInit = new Endpoint("direct-init", pg.host(), pg.port(), reference, pg.user(), pg.password());
            ExternalCommand.Result init = pgbench.run(directInit, TIMEOUT, "-i", "-s", "1");
            assertEquals(0, init.exitCode(), "pgbench -i directly:\n" + init.stderr());
            // Both databases are read directly: what differs is only how pgbench -i reached them.
            Rows tables = new SideBySide(directInit, proxy.direct()).same("the pgbench tables", c -> Results.query(c,
                    "SELECT table_name, column_name, data_type FROM information_schema.columns "
                            + "WHERE table_name LIKE 'pgbench%' ORDER BY table_name, ordinal_position"));
            assertFalse(tables.rows().isEmpty(), "pgbench -i created no tables");
            new SideBySide(directInit, proxy.direct()).same("the pgbench data", c -> Results.query(c,
                    "SELECT (SELECT count(*) FROM pgbench_branches), (SELECT count(*) FROM pgbench_tellers), "
                            + "(SELECT count(*) FROM pgbench_accounts), (SELECT sum(abalance) FROM pgbench_accounts), "
                            + "(SELECT count(*) FROM pgbench_history)"));
        } finally {
            pg.dropDatabase(reference);
        }
    }

    @Test
    @Order(2)
    void pgbenchWithPreparedStatementsRunsThirtySecondsWithoutAFailedTransaction() throws Exception {
        runWorkload("prepared");
    }

    @Test
    @Order(3)
    void pgbenchWithSimpleQueriesRunsThirtySecondsWithoutAFailedTransaction() throws Exception {
        runWorkload("simple");
    }

    private static void runWorkload(String protocol) throws Exception {
        ExternalCommand.Result r = pgbench.run(proxy.proxied(), TIMEOUT,
                "-M", protocol, "-c", "4", "-j", "2", "-T", RUN_SECONDS);
        log.info("pgbench -M {} through rift:\n{}", protocol, r.stdout());
        assertEquals(0, r.exitCode(), "pgbench exit code; stderr:\n" + r.stderr());
        assertFalse(r.stderr().toLowerCase(Locale.ROOT).contains("error"),
                "pgbench reported errors:\n" + r.stderr());
        Matcher failed = FAILED.matcher(r.stdout());
        if (failed.find()) { // PostgreSQL 15+ reports failures; older pgbench aborts the client instead
            assertEquals(0, Long.parseLong(failed.group(1)), "failed transactions:\n" + r.stdout());
        }
        Matcher processed = PROCESSED.matcher(r.stdout());
        assertTrue(processed.find(), "no transaction count in pgbench's output:\n" + r.stdout());
        long count = Long.parseLong(processed.group(1));
        assertTrue(count > 0, "pgbench processed no transactions:\n" + r.stdout());

        // pgbench truncates pgbench_history before each run (it did not get --no-vacuum).
        try (Connection c = proxy.direct().connect()) {
            assertEquals(count, Results.query(c, "SELECT count(*) FROM pgbench_history").rows().get(0).get(0),
                    "pgbench_history rows, one per committed TPC-B transaction");
        }
    }
}
