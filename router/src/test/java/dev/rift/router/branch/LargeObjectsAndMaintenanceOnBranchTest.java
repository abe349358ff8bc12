package dev.rift.router.branch;

import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.PGConnection;
import org.postgresql.largeobject.LargeObject;
import org.postgresql.largeobject.LargeObjectManager;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.List;

import static dev.rift.router.branch.LocksOnBranchTest.assertSqlState;
import static dev.rift.router.branch.LocksOnBranchTest.strings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Large objects are not branched: on a branch they can be read, and every way of writing them (SQL functions and
 * the fast-path calls of client libraries) is refused with 0A000, leaving main's large objects as they were.
 * VACUUM, ANALYZE, CLUSTER and REINDEX of main's tables do nothing on a branch, and say so.
 */
@ExtendWith(UpstreamExtension.class)
class LargeObjectsAndMaintenanceOnBranchTest {
    private static BranchFixture f;
    private static long mainObject;

    @BeforeAll
    static void start(TestUpstream pg) throws Exception {
        f = BranchFixture.start(pg, "CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL)",
                "INSERT INTO customers SELECT g, 'c' || g FROM generate_series(1, 100) g");
        try (Connection c = f.upstream(); Statement st = c.createStatement()) {
            mainObject = Long.parseLong(strings(st, "SELECT lo_from_bytea(0, 'hello')").get(0));
        }
        f.createBranch("lo", null);
        f.createBranch("maintenance", null);
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"simple", "extended"})
    void largeObjectsAreReadButNotWrittenOnABranch(String mode) throws Exception {
        String before = largeObjects();
        try (Connection c = f.branch("lo", mode); Statement st = c.createStatement()) {
            for (String write : List.of("SELECT lo_create(0)", "SELECT lo_creat(-1)",
                    "SELECT pg_catalog.lo_from_bytea(0, 'x')", "SELECT lo_unlink(" + mainObject + ")",
                    "SELECT lo_put(" + mainObject + ", 0, 'J')", "SELECT lo_open(" + mainObject + ", 131072)")) {
                assertSqlState("0A000", () -> st.execute(write));
            }
            assertEquals(List.of("\\x68656c6c6f"), strings(st, "SELECT lo_get(" + mainObject + ")"));
            assertEquals(List.of("\\x68656c"), strings(st, "SELECT loread(lo_open(" + mainObject + ", 262144), 3)"));

            // pgjdbc's LargeObjectManager speaks the fast-path protocol
            c.setAutoCommit(false);
            LargeObjectManager lom = c.unwrap(PGConnection.class).getLargeObjectAPI();
            try (LargeObject lo = lom.open(mainObject, LargeObjectManager.READ)) {
                assertEquals("hello", new String(lo.read(5), StandardCharsets.UTF_8));
            }
            c.commit();
            assertSqlState("0A000", () -> lom.createLO());
            c.rollback();
            assertSqlState("0A000", () -> lom.open(mainObject, LargeObjectManager.WRITE));
            c.rollback();
            assertSqlState("0A000", () -> lom.delete(mainObject));
            c.rollback();
            assertEquals(List.of("1"), strings(st, "SELECT 1"), "the session stays usable");
        }
        assertEquals(before, largeObjects(), "main's large objects are unchanged");
    }

    private static String largeObjects() throws SQLException {
        try (Connection c = f.upstream(); Statement st = c.createStatement()) {
            return strings(st, "SELECT count(*) || ':' || coalesce(string_agg(m.oid::text || '=' || "
                    + "md5(lo_get(m.oid)), ',' ORDER BY m.oid), '') FROM pg_largeobject_metadata m").get(0);
        }
    }

    @Test
    void maintenanceOfMainsTablesDoesNothingOnABranchAndSaysSo() throws Exception {
        String before = upstreamMaintenance();
        try (Connection c = f.branch("maintenance", "simple"); Statement st = c.createStatement()) {
            for (String sql : List.of("VACUUM customers", "VACUUM (ANALYZE, VERBOSE) customers (name)",
                    "VACUUM FULL customers", "ANALYZE customers", "ANALYZE", "VACUUM",
                    "CLUSTER customers USING customers_pkey", "REINDEX TABLE customers")) {
                st.clearWarnings();
                st.execute(sql);
                SQLWarning w = st.getWarnings();
                assertTrue(w != null && w.getMessage().contains("does not run on main's tables"), sql);
            }
            assertSqlState("42P01", () -> st.execute("VACUUM no_such_table"));
            st.execute("CREATE TABLE own (id int PRIMARY KEY)");
            st.clearWarnings();
            st.execute("VACUUM ANALYZE own");
            assertEquals(null, st.getWarnings(), "the branch's own table is vacuumed as on a copy");
        }
        assertEquals(before, upstreamMaintenance(), "main's table was neither vacuumed nor analyzed");
        try (Connection c = f.upstream(); Statement st = c.createStatement()) {
            st.execute("VACUUM ANALYZE customers");
        }
        assertNotEquals(before, upstreamMaintenance(), "the check sees a VACUUM of main's table");
    }

    private static String upstreamMaintenance() throws SQLException {
        try (Connection c = f.upstream(); Statement st = c.createStatement()) {
            st.execute("SELECT pg_stat_clear_snapshot()");
            return strings(st, "SELECT vacuum_count || ',' || analyze_count || ',' || "
                    + "coalesce(last_vacuum::text, '-') || ',' || coalesce(last_analyze::text, '-') || ',' || "
                    + "pg_relation_filenode('customers') FROM pg_stat_user_tables WHERE relname = 'customers'").get(0);
        }
    }
}
