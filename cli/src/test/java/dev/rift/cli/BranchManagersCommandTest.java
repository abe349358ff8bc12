package dev.rift.cli;

import dev.rift.router.control.BranchManagers;
import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CLI works as the role of its --upstream URL: create, reset, delete and merge need that role to be a member of
 * rift_admin (merging into main: rift_merge_main) or a superuser, else exit 1 with the GRANT that lets it.
 */
@ExtendWith(UpstreamExtension.class)
class BranchManagersCommandTest {
    /** Roles are cluster-wide and the cluster is shared by the test classes: a name of this run's own. */
    private static final String DEV = "cli_dev_" + Long.toHexString(System.nanoTime()).toLowerCase(Locale.ROOT);
    private static TestUpstream pg;
    private static String db;
    private static String url;
    private static String devUrl;

    @BeforeAll
    static void upstream(TestUpstream upstream) throws Exception {
        pg = upstream;
        db = pg.createDatabase();
        url = pg.url(db);
        devUrl = url.replaceFirst("^postgres://[^@]*@", "postgres://" + DEV + ":dev@");
        try (Connection c = pg.connect(db); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE t (id int PRIMARY KEY, v text)");
            st.execute("INSERT INTO t VALUES (1, 'one')");
            st.execute("CREATE ROLE " + DEV + " LOGIN PASSWORD 'dev'");
            st.execute("GRANT SELECT ON t TO " + DEV);
        }
        Rift init = Rift.run("init", "--upstream", url);
        assertEquals(0, init.exitCode(), init.err());
        assertTrue(init.out().contains("role rift_admin"), init.out());
        assertTrue(init.out().contains("role rift_merge_main"), init.out());
        assertEquals(0, Rift.run("create", "kept", "--upstream", url).exitCode());
    }

    @AfterAll
    static void drop() throws Exception {
        try (Connection c = pg.connect(db); Statement st = c.createStatement()) {
            st.execute("DROP OWNED BY " + DEV);
        }
        pg.dropDatabase(db);
        try (Connection c = pg.connect(); Statement st = c.createStatement()) {
            st.execute("DROP ROLE " + DEV);
        }
    }

    @Test
    void aRoleWithoutRiftAdminIsRefusedWithTheGrantToRunAndNothingChanges() throws Exception {
        String[][] commands = {
                {"create", "by-dev", "--upstream", devUrl},
                {"reset", "kept", "--upstream", devUrl},
                {"delete", "kept", "--force", "--upstream", devUrl},
                {"merge", "kept", "--into", "main", "--yes", "--upstream", devUrl},
        };
        for (String[] command : commands) {
            Rift r = Rift.run(command);
            assertEquals(1, r.exitCode(), command[0] + ": " + r.out() + r.err());
            assertTrue(r.err().contains("permission denied"), command[0] + ": " + r.err());
            String role = command[0].equals("merge") ? BranchManagers.MERGE_MAIN : BranchManagers.ADMIN;
            assertTrue(r.err().contains("GRANT " + role + " TO " + DEV), command[0] + ": " + r.err());
        }
        Rift list = Rift.run("list", "--upstream", url);
        assertTrue(list.out().contains("kept"), list.out());
        assertFalse(list.out().contains("by-dev"), list.out());
    }

    @Test
    void theCatalogsPrivilegesAloneDoNotLetARoleManageBranches() throws Exception {
        try (Connection c = pg.connect(db); Statement st = c.createStatement()) {
            st.execute("GRANT " + owner() + " TO " + DEV);
        }
        try {
            Rift r = Rift.run("create", "by-owner-member", "--upstream", devUrl);
            assertEquals(1, r.exitCode(), r.out());
            assertTrue(r.err().contains("GRANT " + BranchManagers.ADMIN + " TO " + DEV), r.err());
            assertFalse(Rift.run("list", "--upstream", url).out().contains("by-owner-member"));
        } finally {
            try (Connection c = pg.connect(db); Statement st = c.createStatement()) {
                st.execute("REVOKE " + owner() + " FROM " + DEV);
            }
        }
    }

    /**
     * In direct mode the CLI's role works on rift's catalog itself, so it needs the catalog's privileges (here: a
     * member of the role that installed it) as well as rift_admin.
     */
    @Test
    void aMemberOfRiftAdminWithTheCatalogsPrivilegesCreatesResetsAndDeletes() throws Exception {
        try (Connection c = pg.connect(db); Statement st = c.createStatement()) {
            st.execute("GRANT " + BranchManagers.ADMIN + ", " + owner() + " TO " + DEV);
        }
        try {
            Rift created = Rift.run("create", "by-member", "--upstream", devUrl);
            assertEquals(0, created.exitCode(), created.err());
            assertEquals(0, Rift.run("reset", "by-member", "--upstream", devUrl).exitCode());
            Rift deleted = Rift.run("delete", "by-member", "--upstream", devUrl);
            assertEquals(0, deleted.exitCode(), deleted.err());
            try (Connection c = pg.connect(db); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT count(*) FROM rift.branches WHERE name = 'by-member'")) {
                rs.next();
                assertEquals(0, rs.getInt(1));
            }
        } finally {
            try (Connection c = pg.connect(db); Statement st = c.createStatement()) {
                st.execute("REVOKE " + BranchManagers.ADMIN + ", " + owner() + " FROM " + DEV);
            }
        }
    }

    private static String owner() {
        return "\"" + pg.user().replace("\"", "\"\"") + "\"";
    }
}
