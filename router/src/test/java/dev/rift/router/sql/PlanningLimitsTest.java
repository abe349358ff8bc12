package dev.rift.router.sql;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;

import static dev.rift.router.sql.Decisions.rewrittenTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Statements on a branch past rift's planning limits are refused with 54001, quickly, and the work stops: nesting
 * and length are measured on the tokens before JSqlParser runs, a slow parse is interrupted at its deadline, and an
 * abandoned plan stops parsing.
 */
class PlanningLimitsTest {
    private static final Duration QUICK = Duration.ofSeconds(5);
    private final StatementRouter router = new StatementRouter();
    private final Fixture.Session session = new Fixture.Session().changed(Fixture.ACCOUNTS);
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    static String nested(int n, String open, String inner, String close) {
        return open.repeat(n) + inner + close.repeat(n);
    }

    /** Each 200 deep: within the nesting limit, but JSqlParser takes long over many of them. */
    static String slowToParse(int groups) {
        return "SELECT " + (nested(200, "(", "balance", ")") + " + ").repeat(groups) + "1 FROM accounts";
    }

    private StatementTooComplex refusedQuickly(String sql) {
        long start = System.nanoTime();
        StatementTooComplex e = assertThrows(StatementTooComplex.class, () -> router.decide(sql, session));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(took.compareTo(QUICK) < 0, "refused after " + took);
        assertEquals("54001", e.sqlState());
        return e;
    }

    @Test
    void deepParenthesesAreRefusedBeforeJSqlParserRuns() {
        for (int n : new int[] {1_000, 5_000, 20_000}) {
            StatementTooComplex e = refusedQuickly("SELECT " + nested(n, "(", "balance", ")") + " FROM accounts");
            assertEquals("statement too complex for rift to plan on a branch: nesting deeper than 200", e.getMessage());
            e = refusedQuickly("UPDATE accounts SET balance = " + nested(n, "(", "1", ")"));
            assertTrue(e.getMessage().endsWith("nesting deeper than 200"), e.getMessage());
        }
        assertEquals(0, router.parseCount(), "JSqlParser never ran");
    }

    @Test
    void deepSubqueriesCaseExpressionsAndArraysAreRefusedToo() {
        for (String sql : new String[] {
                "SELECT " + nested(1_000, "(SELECT ", "balance", ")") + " FROM accounts",
                "SELECT " + nested(1_000, "CASE WHEN true THEN ", "balance", " END") + " FROM accounts",
                "SELECT ARRAY" + nested(1_000, "[", "balance", "]") + " FROM accounts",
                "SELECT " + nested(1_000, "abs(", "balance", ")") + " FROM accounts"}) {
            assertTrue(refusedQuickly(sql).getMessage().endsWith("nesting deeper than 200"));
        }
        assertEquals(0, router.parseCount());
    }

    @Test
    void nestingWithinTheLimitIsPlanned() {
        String sql = rewrittenTo(router.decide("SELECT " + nested(150, "(", "balance", ")") + " FROM accounts",
                session));
        assertTrue(sql.contains(Fixture.M_ACCOUNTS), sql);
        sql = rewrittenTo(router.decide("SELECT " + nested(50, "CASE WHEN true THEN ", "balance", " END")
                + " FROM accounts", session));
        assertTrue(sql.contains(Fixture.M_ACCOUNTS), sql);
    }

    @Test
    void aLongInListIsPlannedOrRefusedNeverHangs() {
        StringBuilder in = new StringBuilder("SELECT * FROM accounts WHERE id IN (");
        for (int i = 0; i < 100_000; i++) {
            in.append(i).append(i < 99_999 ? ", " : ")");
        }
        long start = System.nanoTime();
        try {
            Decision d = router.decide(in.toString(), session);
            assertTrue(rewrittenTo(d).contains(Fixture.M_ACCOUNTS));
        } catch (StatementTooComplex e) {
            assertTrue(e.getMessage().contains("parsing took longer than 2 s"), e.getMessage());
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(took.compareTo(Duration.ofSeconds(30)) < 0, "took " + took);
    }

    @Test
    void aStatementLongerThanTheLimitIsNotParsed() {
        PlanningBudget budget = new PlanningBudget(new PlanningLimits(200, 4096, Duration.ofSeconds(2), 1, 1, 1),
                timer);
        String sql = "SELECT * FROM accounts WHERE owner = '" + "x".repeat(5000) + "'";
        StatementTooComplex e = assertThrows(StatementTooComplex.class,
                () -> budget.run(() -> router.decide(sql, session)));
        assertTrue(e.getMessage().endsWith("longer than 4096 characters"), e.getMessage());
        assertEquals(0, router.parseCount());
    }

    @Test
    void aSlowParseIsInterruptedAtItsDeadline() {
        PlanningBudget budget = new PlanningBudget(PlanningLimits.DEFAULTS.withParseTimeout(Duration.ofMillis(100)),
                timer);
        long start = System.nanoTime();
        StatementTooComplex e = assertThrows(StatementTooComplex.class,
                () -> budget.run(() -> router.decide(slowToParse(300), session)));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(e.getMessage().endsWith("parsing took longer than 100 ms"), e.getMessage());
        // unbounded, JSqlParser takes tens of seconds; what is left is rift's reading of the tokens
        assertTrue(took.compareTo(Duration.ofSeconds(10)) < 0, "took " + took);
    }

    @Test
    void anAbandonedPlanStopsParsing() throws Exception {
        PlanningBudget budget = new PlanningBudget(PlanningLimits.DEFAULTS.withParseTimeout(Duration.ofMinutes(10)),
                timer);
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread planning = new Thread(() -> {
            try {
                outcome.set(budget.run(() -> router.decide(slowToParse(500), session)));
            } catch (RuntimeException e) {
                outcome.set(e);
            }
        });
        planning.start();
        long deadline = System.nanoTime() + QUICK.toNanos();
        while (router.parseCount() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        Thread.sleep(200);
        assertTrue(planning.isAlive(), "still parsing when abandoned");
        long start = System.nanoTime();
        budget.abandon("its client disconnected");
        planning.join(QUICK.toMillis());
        assertFalse(planning.isAlive(), "the parse went on after the plan was abandoned");
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(took.compareTo(Duration.ofSeconds(2)) < 0, "stopped after " + took);
        StatementTooComplex e = assertInstanceOf(StatementTooComplex.class, outcome.get());
        assertTrue(e.getMessage().endsWith("its client disconnected"), e.getMessage());
    }

    @Test
    void aParseThatOverflowsItsStackIsRefusedAs54001() throws Exception {
        PlanningBudget budget = new PlanningBudget(new PlanningLimits(1_000_000,
                PlanningLimits.DEFAULT_MAX_PARSED_LENGTH, Duration.ofSeconds(30), 1, 1, 1), timer);
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread small = new Thread(null, () -> {
            try {
                outcome.set(budget.run(() -> router.decide("SELECT " + nested(400, "(", "balance", ")")
                        + " FROM accounts", session)));
            } catch (RuntimeException e) {
                outcome.set(e);
            }
        }, "small-stack", 128 * 1024);
        small.start();
        small.join(Duration.ofSeconds(40).toMillis());
        StatementTooComplex e = assertInstanceOf(StatementTooComplex.class, outcome.get());
        assertTrue(e.getMessage().contains("stack depth limit exceeded"), e.getMessage());
    }
}
