package dev.rift.router.snapshot;

import dev.rift.router.AutoCreate;
import dev.rift.router.branch.PgbenchOnBranchTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.time.Duration;
import java.util.List;

import static dev.rift.router.snapshot.SnapshotRoutingTest.text;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * pgbench's TPC-B, as {@link PgbenchOnBranchTest} runs it on overlay branches, on a snapshot branch
 * through rift: no failed transaction and pgbench's invariant holds; main's tables do not change.
 */
@Tag("slow")
class PgbenchOnSnapshotBranchTest {
    private static SnapshotFixture f;
    private static String mainSums;

    @BeforeAll
    static void start() throws Exception {
        f = SnapshotFixture.create().serve(AutoCreate.OFF, Duration.ofMinutes(15));
        PgbenchOnBranchTest.pgbench(List.of("-i", "-q", "-s", "1", f.url("main")), null);
        mainSums = sums();
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            assertEquals(mainSums, sums(), "main's pgbench tables changed");
        } finally {
            f.close();
        }
    }

    @Test
    void tpcbWithPreparedStatementsOnASnapshotBranchKeepsPgbenchsInvariant() throws Exception {
        f.pool.create("tpcb-prepared", null);
        PgbenchOnBranchTest.tpcbKeepsItsInvariant(f.url("tpcb-prepared"), () -> f.connect("tpcb-prepared"),
                "prepared", 8, null);
    }

    @Test
    void tpcbWithSimpleQueriesOnASnapshotBranchKeepsPgbenchsInvariant() throws Exception {
        f.pool.create("tpcb-simple", null);
        PgbenchOnBranchTest.tpcbKeepsItsInvariant(f.url("tpcb-simple"), () -> f.connect("tpcb-simple"), "simple", 4,
                null);
    }

    private static String sums() throws Exception {
        try (Connection c = f.connect("main")) {
            return text(c, "select (select sum(abalance) from pgbench_accounts) || '/' || "
                    + "(select sum(bbalance) from pgbench_branches) || '/' || (select count(*) from pgbench_history)");
        }
    }
}
