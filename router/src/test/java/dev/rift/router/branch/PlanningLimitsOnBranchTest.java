package dev.rift.router.branch;

import dev.rift.router.sql.PlanningLimits;
import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.rift.router.branch.PlanningAbuse.awaitNoBusyPlanner;
import static dev.rift.router.branch.PlanningAbuse.nested;
import static dev.rift.router.branch.PlanningAbuse.slowToParse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Statements too complex to plan get SQLSTATE 54001 quickly, their session goes on, no planning thread keeps
 * working on them, and hostile clients on one branch do not hold up sessions on another (issue 14, finding 8).
 * Wall-time bounds are generous: they separate "answered" from "hung", not fast from slow.
 */
@ExtendWith(UpstreamExtension.class)
class PlanningLimitsOnBranchTest {
    private static final Duration QUICK = Duration.ofSeconds(5);
    /** Short, so hostile statements are cut off quickly; the default is 2 s. */
    private static final Duration PARSE_TIMEOUT = Duration.ofSeconds(1);
    private static BranchFixture fixture;

    @BeforeAll
    static void start(TestUpstream pg) throws Exception {
        fixture = BranchFixture.start(pg, PlanningLimits.DEFAULTS.withParseTimeout(PARSE_TIMEOUT),
                "CREATE TABLE items (id int PRIMARY KEY, v int NOT NULL)",
                "INSERT INTO items SELECT g, g FROM generate_series(1, 10) g");
        for (String branch : List.of("deep", "hostile", "calm")) {
            fixture.createBranch(branch, null);
            try (Connection c = fixture.branch(branch); Statement st = c.createStatement()) {
                st.execute("UPDATE items SET v = v + 100 WHERE id = 1"); // reads of items are now parsed and rewritten
            }
        }
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @AfterEach
    void noPlanningThreadKeepsWorking() throws Exception {
        awaitNoBusyPlanner(QUICK);
    }

    private static SQLException refusedQuickly(Statement st, String sql) {
        long start = System.nanoTime();
        SQLException e = assertThrows(SQLException.class, () -> st.execute(sql));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertEquals("54001", e.getSQLState(), e.getMessage());
        assertTrue(took.compareTo(QUICK) < 0, "answered after " + took);
        return e;
    }

    private static void answersSelectOne(Statement st) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT 1")) {
            assertTrue(rs.next());
            assertEquals(1, rs.getInt(1));
        }
    }

    @Test
    void deepParenthesesAreRefusedWith54001AndTheSessionGoesOn() throws Exception {
        for (String mode : List.of("simple", "extended")) {
            try (Connection c = fixture.branch("deep", mode); Statement st = c.createStatement()) {
                for (int n : new int[] {1_000, 5_000, 20_000}) {
                    SQLException e = refusedQuickly(st, "SELECT " + nested(n, "(", "v", ")") + " FROM items");
                    assertTrue(e.getMessage().contains(
                            "statement too complex for rift to plan on a branch: nesting deeper than 200"),
                            e.getMessage());
                    answersSelectOne(st);
                }
                try (ResultSet rs = st.executeQuery("SELECT v FROM items WHERE id = 1")) {
                    assertTrue(rs.next());
                    assertEquals(101, rs.getInt(1), "the branch's row, through the rewrite");
                }
            }
        }
    }

    @Test
    void deepSubqueriesCaseExpressionsAndArraysAreRefusedToo() throws Exception {
        try (Connection c = fixture.branch("deep"); Statement st = c.createStatement()) {
            for (String sql : List.of(
                    "SELECT " + nested(1_000, "(SELECT ", "v", ")") + " FROM items",
                    "SELECT " + nested(1_000, "CASE WHEN true THEN ", "v", " END") + " FROM items",
                    "SELECT ARRAY" + nested(1_000, "[", "v", "]") + " FROM items",
                    "UPDATE items SET v = " + nested(1_000, "(", "v", ")"))) {
                refusedQuickly(st, sql);
                answersSelectOne(st);
            }
        }
    }

    @Test
    void aStatementThatTakesTooLongToParseIsStopped() throws Exception {
        try (Connection c = fixture.branch("deep"); Statement st = c.createStatement()) {
            long start = System.nanoTime();
            SQLException e = assertThrows(SQLException.class, () -> st.execute(slowToParse("v", "items", 300)));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertEquals("54001", e.getSQLState(), e.getMessage());
            assertTrue(e.getMessage().contains("parsing took longer than 1 s"), e.getMessage());
            // JSqlParser alone would take tens of seconds; rift's own reading of the 120 kB text is in this bound
            assertTrue(took.compareTo(Duration.ofSeconds(15)) < 0, "answered after " + took);
            answersSelectOne(st);
        }
    }

    @Test
    void eightHostileClientsDoNotHoldUpAnotherBranch() throws Exception {
        int hostileClients = 8;
        ExecutorService pool = Executors.newFixedThreadPool(hostileClients);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger refusals = new AtomicInteger();
        List<Future<?>> hostile = new ArrayList<>();
        try {
            for (int i = 0; i < hostileClients; i++) {
                hostile.add(pool.submit(() -> {
                    try (Connection c = fixture.branch("hostile", "simple"); Statement st = c.createStatement()) {
                        while (!stop.get()) {
                            try {
                                st.execute(slowToParse("v", "items", 100));
                            } catch (SQLException e) {
                                assertEquals("54001", e.getSQLState(), e.getMessage());
                                refusals.incrementAndGet();
                            }
                        }
                    }
                    return null;
                }));
            }
            PlanningAbuse.awaitBusyPlanner(QUICK);
            try (Connection c = fixture.branch("calm"); Statement st = c.createStatement()) {
                for (int i = 1; i <= 10; i++) {
                    // a new text each time: planned, not answered from the plan cache
                    long start = System.nanoTime();
                    try (ResultSet rs = st.executeQuery("SELECT v, " + i + " AS n FROM items WHERE id = 1")) {
                        assertTrue(rs.next());
                        assertEquals(101, rs.getInt(1));
                    }
                    Duration took = Duration.ofNanos(System.nanoTime() - start);
                    assertTrue(took.compareTo(QUICK) < 0, "the calm branch's statement " + i + " took " + took);
                }
            }
        } finally {
            stop.set(true);
            for (Future<?> f : hostile) {
                f.get();
            }
            pool.shutdown();
        }
        assertTrue(refusals.get() >= hostileClients, "hostile statements refused: " + refusals.get());
    }
}
