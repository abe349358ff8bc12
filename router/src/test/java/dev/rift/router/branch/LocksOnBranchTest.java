package dev.rift.router.branch;

import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Row locks ({@code SELECT ... FOR UPDATE/SHARE}) and table locks ({@code LOCK TABLE}) on a branch lock the
 * branch's rows and relations: main's sessions never wait for them, while a second session of the same branch
 * does, as it would on a copy.
 */
@ExtendWith(UpstreamExtension.class)
class LocksOnBranchTest {
    private static BranchFixture f;

    @BeforeAll
    static void start(TestUpstream pg) throws Exception {
        f = BranchFixture.start(pg, "CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL)",
                "INSERT INTO customers SELECT g, 'c' || g FROM generate_series(1, 10) g");
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"UPDATE", "NO KEY UPDATE", "SHARE", "KEY SHARE"})
    void aLockingReadOfAnUnchangedTableLocksTheBranchsRowsAndNeverMains(String strength) throws Exception {
        String branch = "rows-" + strength.replace(' ', '-').toLowerCase();
        f.createBranch(branch, null);
        try (Connection holder = f.branch(branch); Connection other = f.branch(branch);
             Connection main = f.upstream(); Statement h = holder.createStatement();
             Statement o = other.createStatement(); Statement m = main.createStatement()) {
            holder.setAutoCommit(false);
            assertEquals(List.of("c1", "c2"), strings(h, "SELECT name FROM customers WHERE id <= 2 ORDER BY id FOR "
                    + strength));
            assertEquals(0, strongerThanAccessShare(m, pid(h)), "the branch's backend holds no lock on main's table");

            m.execute("SET lock_timeout = '2s'");
            main.setAutoCommit(false);
            assertEquals(1, m.executeUpdate("UPDATE customers SET name = 'main' WHERE id = 1"), "main did not wait");
            assertEquals(1, m.executeUpdate("DELETE FROM customers WHERE id = 2"), "main did not wait");
            main.rollback();

            // A second session of the branch contends with the first, as on a copy.
            o.execute("SET lock_timeout = '300ms'");
            assertSqlState("55P03", () -> o.executeUpdate("UPDATE customers SET name = 'x' WHERE id = 1"));
            holder.commit();
            assertEquals(1, o.executeUpdate("UPDATE customers SET name = 'x' WHERE id = 1"));
            assertEquals(List.of("x", "c2", "c3"), strings(o, "SELECT name FROM customers WHERE id <= 3 ORDER BY id"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"simple", "extended"})
    void nowaitAndSkipLockedBetweenSessionsOfABranchBehaveAsOnACopy(String mode) throws Exception {
        String branch = "nowait-" + mode;
        f.createBranch(branch, null);
        try (Connection holder = f.branch(branch, mode); Connection other = f.branch(branch, mode);
             Statement h = holder.createStatement(); Statement o = other.createStatement()) {
            // The rows become the branch's in a transaction of their own first (see LockingReadSite's limit).
            strings(h, "SELECT name FROM customers WHERE id <= 4 FOR UPDATE");
            holder.setAutoCommit(false);
            strings(h, "SELECT name FROM customers WHERE id IN (1, 3) FOR UPDATE");
            assertSqlState("55P03", () -> o.executeQuery("SELECT name FROM customers WHERE id = 1 FOR UPDATE NOWAIT"));
            assertEquals(List.of("c2", "c4"), strings(o, "SELECT name FROM customers WHERE id <= 4 ORDER BY id "
                    + "FOR UPDATE SKIP LOCKED"));
            holder.rollback();
            assertEquals(List.of("c1"), strings(o, "SELECT name FROM customers WHERE id = 1 FOR UPDATE NOWAIT"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ACCESS EXCLUSIVE", "EXCLUSIVE", "SHARE ROW EXCLUSIVE", "SHARE"})
    void lockTableLocksTheBranchsRelationNotMains(String lockMode) throws Exception {
        String branch = "table-" + lockMode.replace(' ', '-').toLowerCase();
        f.createBranch(branch, null);
        try (Connection holder = f.branch(branch); Connection other = f.branch(branch);
             Connection main = f.upstream(); Statement h = holder.createStatement();
             Statement o = other.createStatement(); Statement m = main.createStatement()) {
            holder.setAutoCommit(false);
            h.execute("LOCK TABLE customers IN " + lockMode + " MODE");
            assertEquals(0, strongerThanAccessShare(m, pid(h)), "the branch's backend holds no lock on main's table");

            m.execute("SET lock_timeout = '2s'");
            assertEquals(List.of("10"), strings(m, "SELECT count(*) FROM customers"), "main's reads do not wait");
            main.setAutoCommit(false);
            assertEquals(1, m.executeUpdate("UPDATE customers SET name = 'main' WHERE id = 1"), "nor its writes");
            main.rollback();

            o.execute("SET lock_timeout = '300ms'");
            assertSqlState("55P03", () -> o.executeUpdate("UPDATE customers SET name = 'x' WHERE id = 5"));
            if (lockMode.equals("ACCESS EXCLUSIVE")) {
                assertSqlState("55P03", () -> o.executeQuery("SELECT count(*) FROM customers"));
            }
            holder.commit();
            assertEquals(1, o.executeUpdate("UPDATE customers SET name = 'x' WHERE id = 5"));
        }
    }

    private static int pid(Statement st) throws SQLException {
        return Integer.parseInt(strings(st, "SELECT pg_backend_pid()").get(0));
    }

    /** Locks a backend holds on main's table in a mode that would make main's writers or DDL wait. */
    private static int strongerThanAccessShare(Statement main, int pid) throws SQLException {
        return Integer.parseInt(strings(main, "SELECT count(*) FROM pg_locks WHERE pid = " + pid
                + " AND relation = 'public.customers'::regclass AND mode <> 'AccessShareLock'").get(0));
    }

    static List<String> strings(Statement st, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    interface SqlAction {
        void run() throws SQLException;
    }

    static void assertSqlState(String sqlState, SqlAction action) {
        SQLException e = assertThrows(SQLException.class, action::run);
        assertEquals(sqlState, e.getSQLState(), e.getMessage());
    }
}
