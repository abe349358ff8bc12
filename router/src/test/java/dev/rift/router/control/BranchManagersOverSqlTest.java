package dev.rift.router.control;

import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;

import static dev.rift.router.control.ControlFixture.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Who may manage branches through database rift (finding 11): a role that merely logs in gets 42501 naming the
 * GRANT for create, reset, delete, merge and diff, and nothing changes; rift_admin lets it; merging into main needs
 * rift_merge_main besides.
 */
@ExtendWith(UpstreamExtension.class)
class BranchManagersOverSqlTest {
    private static ControlFixture f;
    /** Roles are cluster-wide and the cluster is shared by the test classes: names of this run's own. */
    private static final String DEV = "dev_" + Long.toHexString(System.nanoTime()).toLowerCase(Locale.ROOT);
    private static final String ADMIN = "adm_" + Long.toHexString(System.nanoTime()).toLowerCase(Locale.ROOT);

    @BeforeAll
    static void start(TestUpstream pg) throws Exception {
        f = ControlFixture.start(pg, "CREATE TABLE t (id int PRIMARY KEY, v text)", "INSERT INTO t VALUES (1, 'one')",
                "CREATE ROLE " + DEV + " LOGIN PASSWORD 'dev'", "GRANT SELECT ON t TO " + DEV,
                "CREATE ROLE " + ADMIN + " LOGIN PASSWORD 'adm'", "GRANT SELECT, UPDATE ON t TO " + ADMIN);
        try (Connection rift = f.control()) {
            // The superuser installs the catalog, which makes the roles.
            rows(rift, "SELECT rift.create_branch('kept')");
        }
        try (Connection main = f.upstream(); Statement st = main.createStatement()) {
            st.execute("GRANT " + BranchManagers.ADMIN + " TO " + ADMIN);
        }
        try (Connection b = f.branch("kept"); Statement st = b.createStatement()) {
            st.executeUpdate("UPDATE t SET v = 'branch value' WHERE id = 1");
        }
    }

    @AfterAll
    static void stop() throws SQLException {
        try (Connection main = f.upstream(); Statement st = main.createStatement()) {
            st.execute("DROP OWNED BY " + DEV + ", " + ADMIN);
            st.execute("DROP ROLE " + DEV + ", " + ADMIN);
        } finally {
            f.close();
        }
    }

    @Test
    void theRolesAreNologinAndOwnNothing() throws Exception {
        try (Connection main = f.upstream()) {
            assertEquals(List.of(List.of("rift_admin", "f", "f"), List.of("rift_merge_main", "f", "f")),
                    rows(main, "SELECT rolname, rolcanlogin, rolsuper FROM pg_roles"
                            + " WHERE rolname IN ('rift_admin', 'rift_merge_main') ORDER BY 1"));
        }
    }

    @Test
    void aRoleWithoutRiftAdminIsRefusedEverythingButTheListAndNothingChanges() throws Exception {
        try (Connection rift = f.control(DEV, "dev")) {
            for (String call : List.of("SELECT rift.create_branch('by-dev')", "SELECT rift.reset_branch('kept')",
                    "SELECT rift.delete_branch('kept', true)", "SELECT * FROM rift.diff('kept')",
                    "SELECT * FROM rift.diff_stat('kept')", "SELECT * FROM rift.schema_diff('kept')",
                    "SELECT * FROM rift.merge('kept', 'kept')")) {
                refused(() -> rows(rift, call), call, BranchManagers.ADMIN);
            }
            assertEquals(List.of(List.of("1")), rows(rift, "SELECT 1"), "the session stays usable");
            assertTrue(rows(rift, "SELECT name FROM rift.branches()").contains(List.of("kept")),
                    "names and figures stay readable");
        }
        try (Connection rift = f.control()) {
            List<List<String>> names = rows(rift, "SELECT name, rows_changed FROM rift.branches()");
            assertTrue(names.contains(List.of("kept", "1")), "kept, with its row: " + names);
            assertTrue(names.stream().noneMatch(r -> r.get(0).equals("by-dev")), names.toString());
        }
        try (Connection b = f.branch("kept")) {
            assertEquals(List.of(List.of("branch value")), rows(b, "SELECT v FROM t WHERE id = 1"));
        }
    }

    @Test
    void riftAdminManagesBranchesButMergesIntoMainOnlyWithRiftMergeMain() throws Exception {
        try (Connection rift = f.control(ADMIN, "adm")) {
            assertEquals(List.of(List.of("by-admin")), rows(rift, "SELECT rift.create_branch('by-admin')"));
            try (Connection b = f.branch("by-admin"); Statement st = b.createStatement()) {
                st.executeUpdate("UPDATE t SET v = 'admin value' WHERE id = 1");
            }
            assertEquals(1, rows(rift, "SELECT op FROM rift.diff('by-admin')").size());
            refused(() -> rows(rift, "SELECT * FROM rift.merge('by-admin', target => 'main', confirm => true)"),
                    "merge into main", BranchManagers.MERGE_MAIN);
            try (Connection main = f.upstream()) {
                assertEquals(List.of(List.of("one")), rows(main, "SELECT v FROM t WHERE id = 1"), "main untouched");
            }
            try (Connection main = f.upstream(); Statement st = main.createStatement()) {
                st.execute("GRANT " + BranchManagers.MERGE_MAIN + " TO " + ADMIN);
            }
            try {
                assertEquals("merged", rows(rift,
                        "SELECT outcome FROM rift.merge('by-admin', target => 'main', confirm => true)").get(0).get(0));
                try (Connection main = f.upstream()) {
                    assertEquals(List.of(List.of("admin value")), rows(main, "SELECT v FROM t WHERE id = 1"));
                }
            } finally {
                try (Connection main = f.upstream(); Statement st = main.createStatement()) {
                    st.execute("REVOKE " + BranchManagers.MERGE_MAIN + " FROM " + ADMIN);
                    st.execute("UPDATE t SET v = 'one' WHERE id = 1");
                }
            }
            assertEquals(List.of(List.of("by-admin")), rows(rift, "SELECT rift.reset_branch('by-admin')"));
            assertEquals(List.of(List.of("by-admin")), rows(rift, "SELECT rift.delete_branch('by-admin')"));
        }
    }

    @Test
    void withoutTheRoleOnlySuperusersMayAndTheMessageSaysHowToMakeIt() {
        org.postgresql.ds.PGSimpleDataSource ds = new org.postgresql.ds.PGSimpleDataSource();
        ds.setUrl(f.pg.jdbcUrl(f.db));
        ds.setUser(f.pg.user());
        ds.setPassword(f.pg.password());
        BranchManagers managers = new BranchManagers(ds);
        BranchManagers.Denied e = assertThrows(BranchManagers.Denied.class,
                () -> managers.require(ADMIN, "rift_no_such_role", "create a branch"));
        assertTrue(e.roleMissing());
        assertEquals("42501", e.sqlState());
        assertTrue(e.getMessage().contains("only superusers"), e.getMessage());
        assertTrue(e.hint().contains("CREATE ROLE rift_no_such_role NOLOGIN"), e.hint());
        managers.require(f.pg.user(), "rift_no_such_role", "create a branch");
        managers.require(null, "rift_no_such_role", "create a branch"); // the connection's own role: superuser
        assertFalse(assertThrows(BranchManagers.Denied.class,
                () -> managers.require(DEV, BranchManagers.ADMIN, "reset a branch")).roleMissing());
    }

    private static void refused(Executable call, String what, String role) {
        SQLException e = assertThrows(SQLException.class, call, what);
        assertEquals("42501", e.getSQLState(), what + ": " + e.getMessage());
        assertTrue(e.getMessage().contains("GRANT " + role + " TO "), what + ": " + e.getMessage());
    }
}
