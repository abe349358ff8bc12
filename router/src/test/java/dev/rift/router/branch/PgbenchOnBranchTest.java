package dev.rift.router.branch;

import dev.rift.storage.cluster.ExternalCommand;
import dev.rift.storage.cluster.PgBinaries;
import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * pgbench's own TPC-B workload on a branch: zero failed transactions, pgbench's invariant holds on
 * the branch (accounts = branches = tellers = history deltas), and the upstream's pgbench tables
 * do not change. With 8 clients on scale 1 every transaction updates the same branch row and
 * overlapping tellers: a lost update would break the invariant.
 */
@Tag("slow")
@ExtendWith(UpstreamExtension.class)
public class PgbenchOnBranchTest {
    private static final Pattern FAILED = Pattern.compile("number of failed transactions: (\\d+)");
    private static final Pattern PROCESSED = Pattern.compile("number of transactions actually processed: (\\d+)");
    private static BranchFixture f;
    private static String upstreamSums;

    @BeforeAll
    static void start(TestUpstream pg) throws Exception {
        f = BranchFixture.start(pg);
        pgbench(List.of("-i", "-q", "-s", "1", pg.url(f.db)), pg.binaries());
        try (Connection u = f.upstream(); Statement st = u.createStatement()) {
            upstreamSums = sums(st);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        try (Connection u = f.upstream(); Statement st = u.createStatement()) {
            assertEquals(upstreamSums, sums(st), "the upstream's pgbench tables changed");
        } finally {
            f.close();
        }
    }

    @Test
    void tpcbWithPreparedStatementsOnABranchKeepsPgbenchsInvariant() throws Exception {
        run("tpcb-prepared", "prepared", 4);
    }

    @Test
    void tpcbWithSimpleQueriesOnABranchKeepsPgbenchsInvariant() throws Exception {
        run("tpcb-simple", "simple", 4);
    }

    @Test
    void eightClientsUpdatingTheSameRowsLoseNoUpdate() throws Exception {
        run("tpcb-contended", "prepared", 8);
    }

    private static void run(String branch, String mode, int clients) throws Exception {
        f.createBranch(branch, null);
        tpcbKeepsItsInvariant(f.url(branch), () -> f.branch(branch), mode, clients, f.pg.binaries());
    }

    /**
     * Runs pgbench's TPC-B for 8 s on the branch at {@code url} (already initialized with pgbench -i),
     * then checks on it that no transaction failed and that pgbench's balances add up.
     */
    public static void tpcbKeepsItsInvariant(String url, java.util.concurrent.Callable<Connection> branch, String mode,
                                             int clients, PgBinaries binaries) throws Exception {
        String out = pgbench(List.of("-n", "-M", mode, "-c", String.valueOf(clients), "-j", "2", "-T", "8", url),
                binaries);
        Matcher failed = FAILED.matcher(out);
        assertTrue(failed.find(), out);
        assertEquals("0", failed.group(1), out);
        Matcher processed = PROCESSED.matcher(out);
        assertTrue(processed.find() && Long.parseLong(processed.group(1)) > 0, out);

        try (Connection c = branch.call(); Statement st = c.createStatement()) {
            long accounts = one(st, "SELECT sum(abalance) FROM pgbench_accounts");
            long branches = one(st, "SELECT sum(bbalance) FROM pgbench_branches");
            long tellers = one(st, "SELECT sum(tbalance) FROM pgbench_tellers");
            long history = one(st, "SELECT coalesce(sum(delta), 0) FROM pgbench_history");
            long transactions = one(st, "SELECT count(*) FROM pgbench_history");
            assertEquals(Long.parseLong(processed.group(1)), transactions, "one history row per transaction");
            assertEquals(history, accounts, "sum of account balances = sum of history deltas");
            assertEquals(history, branches, "sum of branch balances = sum of history deltas");
            assertEquals(history, tellers, "sum of teller balances = sum of history deltas");
        }
    }

    /** Runs pgbench with {@code args}; returns what it printed. */
    public static String pgbench(List<String> args, PgBinaries binaries) {
        PgBinaries bin = binaries != null ? binaries : PgBinaries.locate();
        List<String> argv = new java.util.ArrayList<>();
        argv.add(bin.pgbench().toString());
        argv.addAll(args);
        ExternalCommand.Result r = ExternalCommand.of(argv).timeout(Duration.ofMinutes(2)).run();
        return r.stdout() + r.stderr();
    }

    private static String sums(Statement st) throws SQLException {
        return one(st, "SELECT sum(abalance) FROM pgbench_accounts") + "/" + one(st, "SELECT sum(bbalance) FROM pgbench_branches")
                + "/" + one(st, "SELECT sum(tbalance) FROM pgbench_tellers") + "/" + one(st, "SELECT count(*) FROM pgbench_history");
    }

    private static long one(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
