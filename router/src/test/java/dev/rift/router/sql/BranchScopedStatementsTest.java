package dev.rift.router.sql;

import dev.rift.pgwire.message.FunctionCall;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static dev.rift.router.sql.Decisions.assertPassesThrough;
import static dev.rift.router.sql.Decisions.assertRefused;
import static dev.rift.router.sql.Decisions.rewrittenTo;
import static dev.rift.router.sql.Fixture.ACCOUNTS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Statements whose effect is database-wide (locks, notifications, advisory keys, large objects, maintenance) are
 * made the branch's own on the way upstream; what the rewrites do on PostgreSQL is tested in
 * {@code dev.rift.router.branch.BranchIsolationTest}.
 */
class BranchScopedStatementsTest {
    private static final String PREFIX = BranchChannels.prefix(Fixture.BRANCH);
    private static final String TAG = "'rift:" + Fixture.BRANCH + ":'";

    private final StatementRouter router = new StatementRouter();
    private final Fixture.Session session = new Fixture.Session().changed(ACCOUNTS);

    private String rewrite(String sql) {
        return rewrittenTo(router.decide(sql, session));
    }

    @Test
    void channelsAreTheBranchsOwnAndMappedBack() {
        assertTrue(PREFIX.matches("rift_[0-9a-f]{8}_"), PREFIX);
        assertEquals("LISTEN \"" + PREFIX + "jobs\"", rewrite("LISTEN jobs"));
        assertEquals("UNLISTEN \"" + PREFIX + "Jobs\"", rewrite("UNLISTEN \"Jobs\""));
        assertEquals("NOTIFY \"" + PREFIX + "jobs\", 'x'", rewrite("NOTIFY Jobs, 'x'"));
        assertPassesThrough(router.decide("UNLISTEN *", session));
        assertEquals("SELECT pg_catalog.pg_notify('" + PREFIX + "'::text || ($1), $2)",
                rewrite("SELECT pg_notify($1, $2)"));
        assertEquals("SELECT * FROM pg_catalog.unnest(ARRAY(SELECT pg_catalog.substr(rift_c, 15) FROM "
                + "pg_catalog.pg_listening_channels() AS rift_c WHERE pg_catalog.starts_with(rift_c, '" + PREFIX
                + "'))) AS pg_listening_channels", rewrite("SELECT * FROM pg_catalog.pg_listening_channels()"));
        assertTrue(rewrite("SELECT pg_listening_channels() c, 1").contains("'))) c, 1"));
        assertTrue(rewrite("SELECT 'x' || pg_listening_channels()").endsWith("')))"));
        assertEquals("jobs", BranchChannels.client(PREFIX, PREFIX + "jobs"));
        assertEquals("other", BranchChannels.client(PREFIX, "other"));
        assertRefused("0A000", "notification channel names longer than 49 bytes",
                router.decide("LISTEN " + "c".repeat(50), session));
    }

    @Test
    void advisoryLockKeysAreTheBranchsOwnInBothFormsQualifiedOrNot() {
        assertEquals("SELECT pg_catalog.pg_advisory_lock(pg_catalog.hashtextextended(" + TAG
                + " || (42)::bigint::text, 0))", rewrite("SELECT pg_advisory_lock(42)"));
        assertEquals("SELECT pg_catalog.pg_try_advisory_xact_lock_shared(pg_catalog.hashtextextended(" + TAG
                        + " || (1)::integer::text || ',' || ( $1 + 1)::integer::text, 0))",
                rewrite("SELECT PG_CATALOG.pg_try_advisory_xact_lock_shared(1, $1 + 1)"));
        // the key's own expression is rewritten too: it reads a changed table
        assertEquals("SELECT pg_catalog.pg_advisory_unlock(pg_catalog.hashtextextended(" + TAG + " || ((SELECT "
                        + "max(id) FROM " + Fixture.M_ACCOUNTS + " AS \"accounts\"))::bigint::text, 0))",
                rewrite("SELECT pg_advisory_unlock((SELECT max(id) FROM accounts))"));
        assertEquals("SELECT pg_catalog.pg_advisory_lock(pg_catalog.hashtextextended(" + TAG
                + " || (1)::bigint::text, 0))", rewrite("SELECT \"pg_catalog\".\"pg_advisory_lock\"(1)"));
        assertRefused("0A000", "U&", router.decide("SELECT U&\"pg_advisory_lock\"(1)", session));
        assertPassesThrough(router.decide("SELECT app.pg_advisory_lock(1)", session));
        assertPassesThrough(router.decide("SELECT pg_advisory_unlock_all()", session));
    }

    @ParameterizedTest
    @ValueSource(strings = {"SELECT lo_create(0)", "SELECT pg_catalog.lo_from_bytea(0, 'x')", "SELECT lo_unlink(1)",
            "SELECT lo_import('/tmp/x')", "SELECT lo_open(1, 131072)", "SELECT lo_open(1, 393216)",
            "SELECT lo_open(1, $1)", "SELECT lo_put(1, 0, 'x')", "SELECT lowrite(0, 'x')"})
    void largeObjectWritesAreRefused(String sql) {
        assertRefused("0A000", "writing large objects is not supported on overlay branches",
                router.decide(sql, session));
    }

    @Test
    void largeObjectReadsPassThrough() {
        assertPassesThrough(router.decide("SELECT lo_get(16401), loread(lo_open(16401, 262144), 10)", session));
    }

    @Test
    void fastPathCallsOtherThanLargeObjectReadsAreRefused() {
        assertEquals(Optional.empty(), FastPathCalls.refusal(call(954, "0", "10")));
        assertEquals(Optional.empty(), FastPathCalls.refusal(call(952, "16401", "262144")));
        assertTrue(FastPathCalls.refusal(call(952, "16401", "131072")).orElseThrow().contains("large objects"));
        assertTrue(FastPathCalls.refusal(call(957, "131072")).isPresent(), "lo_creat");
        assertTrue(FastPathCalls.refusal(call(955, "0", "x")).isPresent(), "lowrite");
        byte[] readMode = {0, 4, 0, 0}; // 262144 in binary
        assertEquals(Optional.empty(), FastPathCalls.refusal(new FunctionCall(952, new short[] {1},
                new byte[][] {{0, 0, 0x40, 0x11}, readMode}, (short) 1)));
    }

    private static FunctionCall call(int oid, String... args) {
        byte[][] values = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            values[i] = args[i].getBytes(StandardCharsets.UTF_8);
        }
        return new FunctionCall(oid, new short[0], values, (short) 0);
    }

    @Test
    void lockTableLocksTheBranchsRelationAndPreparesIt() {
        assertEquals("LOCK TABLE ONLY " + Fixture.D_LEDGER + ", " + Fixture.D_ACCOUNTS + " IN ACCESS EXCLUSIVE MODE "
                + "NOWAIT", rewrite("LOCK TABLE ONLY ledger, public.accounts IN ACCESS EXCLUSIVE MODE NOWAIT"));
        assertRefused("0A000", "LOCK TABLE on view", router.decide("LOCK big_accounts", session));
    }

    @Test
    void maintenanceOfMainsTablesIsANoOpWithTheSameTag() {
        for (String sql : new String[] {"VACUUM", "VACUUM (FULL, ANALYZE) accounts (id)", "ANALYZE VERBOSE ledger",
                "CLUSTER accounts USING accounts_pkey", "REINDEX TABLE CONCURRENTLY accounts", "REINDEX DATABASE x"}) {
            Decision.Part part = Decisions.parts(router.decide(sql, session)).get(0);
            assertTrue(part.sql().startsWith("DO $rift$BEGIN RAISE NOTICE"), sql + ": " + part.sql());
            assertEquals(Optional.of(sql.split(" ")[0]), part.tagOverride(), sql);
        }
        assertRefused("42P01", "relation \"nothing\" does not exist", router.decide("VACUUM nothing", session));
    }
}
