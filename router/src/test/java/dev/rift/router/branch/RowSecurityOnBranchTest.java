package dev.rift.router.branch;

import dev.rift.cow.TableId;
import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client whose session role is made after its branch copied a table with row-level security (its first session
 * comes later) meets that copy's policies as it meets the upstream's: rift names the new session role in them, also
 * on the frozen copy a child branch reads. Without that it would see only what policies TO PUBLIC allow.
 */
@ExtendWith(UpstreamExtension.class)
class RowSecurityOnBranchTest {
    private static final String SUFFIX = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private static final String STAFF = "staff_" + SUFFIX;
    private static final String CLERK = "clerk_" + SUFFIX;
    private static final String PASSWORD = "pw" + SUFFIX;
    private static final String VISIBLE = "SELECT id, tenant, body FROM notes ORDER BY id";

    private static BranchFixture f;

    @BeforeAll
    static void start(TestUpstream pg) throws Exception {
        try (Connection c = pg.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + STAFF + " NOLOGIN");
            s.execute("CREATE ROLE " + CLERK + " LOGIN PASSWORD '" + PASSWORD + "' IN ROLE " + STAFF);
        }
        f = BranchFixture.start(pg,
                "CREATE TABLE notes (id int PRIMARY KEY, tenant int NOT NULL, body text NOT NULL,"
                        + " secret boolean NOT NULL DEFAULT false)",
                "ALTER TABLE notes ENABLE ROW LEVEL SECURITY",
                "CREATE POLICY notes_tenant ON notes TO " + STAFF
                        + " USING (tenant = current_setting('app.tenant')::int)",
                "CREATE POLICY notes_open ON notes FOR SELECT USING (NOT secret)",
                "INSERT INTO notes VALUES (1, 1, 'a', true), (2, 1, 'b', false), (3, 2, 'c', true), (4, 2, 'd', false),"
                        + " (5, 3, 'e', true)",
                "GRANT SELECT, UPDATE ON notes TO " + STAFF);
        f.createBranch("later", null);
        try (Connection root = f.branch("later"); Statement s = root.createStatement()) {
            // Copies the table before the clerk's first session; row 5 stays one the clerk cannot see.
            assertEquals(1, s.executeUpdate("UPDATE notes SET body = 'changed' WHERE id = 5"));
        }
        f.createBranch("later_child", "later");
    }

    @AfterAll
    static void stop(TestUpstream pg) throws SQLException {
        f.close();
        try (Connection c = pg.connect(); Statement s = c.createStatement()) {
            s.execute("DROP ROLE IF EXISTS " + CLERK);
            s.execute("DROP ROLE IF EXISTS " + STAFF);
        }
    }

    @Test
    void aSessionRoleMadeAfterTheCopyMeetsItsPolicies() throws SQLException {
        List<List<String>> upstream = rows(direct(), "1", VISIBLE);
        assertEquals(List.of(List.of("1", "1", "a"), List.of("2", "1", "b"), List.of("4", "2", "d")), upstream);
        assertEquals(upstream, rows(viaRift("later"), "1", VISIBLE));
        assertEquals(upstream, rows(viaRift("later_child"), "1", VISIBLE));
    }

    @Test
    void theRestrictedClientUpdatesOnlyTheRowsItsPoliciesAllow() throws SQLException {
        f.createBranch("writes", null);
        Connection c = viaRift("writes");
        try (Statement s = c.createStatement()) {
            s.execute("SET app.tenant = '2'");
            assertEquals(2, s.executeUpdate("UPDATE notes SET body = body || '!'"));
        }
        assertEquals(List.of(List.of("2", "1", "b"), List.of("3", "2", "c!"), List.of("4", "2", "d!")),
                rows(c, "2", VISIBLE));
        try (Connection up = f.upstream(); Statement s = up.createStatement();
             ResultSet rs = s.executeQuery("SELECT string_agg(body, ',' ORDER BY id) FROM notes")) {
            rs.next();
            assertEquals("a,b,c,d,e", rs.getString(1), "the upstream is untouched");
        }
    }

    @Test
    void theRestrictedClientsFirstReadSeesWhatItSeesUpstreamAndASuperuserReadCopiesNothing() throws SQLException {
        TableId notes = new TableId("public", "notes");
        f.createBranch("reads", null);
        try (Connection admin = f.branch("reads"); Statement s = admin.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM notes")) {
            rs.next();
            assertEquals(5, rs.getInt(1), "the superuser bypasses the policies");
        }
        assertTrue(f.rift.engine().state("reads").readRelation(notes).isEmpty(),
                "a client that bypasses the policies reads the upstream table, uncopied");
        List<List<String>> upstream = rows(direct(), "2", VISIBLE);
        assertEquals(List.of(List.of("2", "1", "b"), List.of("3", "2", "c"), List.of("4", "2", "d")), upstream);
        assertEquals(upstream, rows(viaRift("reads"), "2", VISIBLE), "the first read, before any write");
        assertTrue(f.rift.engine().state("reads").readRelation(notes).isPresent(), "held whole at that read");
        try (Connection up = f.upstream(); Statement s = up.createStatement();
             ResultSet rs = s.executeQuery("SELECT string_agg(body, ',' ORDER BY id) FROM notes")) {
            rs.next();
            assertEquals("a,b,c,d,e", rs.getString(1), "the upstream is untouched");
        }
    }

    /** Rows as text, with app.tenant set to {@code tenant}; closes the connection. */
    private static List<List<String>> rows(Connection c, String tenant, String sql) throws SQLException {
        List<List<String>> out = new ArrayList<>();
        try (c; Statement s = c.createStatement()) {
            s.execute("SET app.tenant = '" + tenant + "'");
            try (ResultSet rs = s.executeQuery(sql)) {
                while (rs.next()) {
                    List<String> row = new ArrayList<>();
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        row.add(rs.getString(i));
                    }
                    out.add(row);
                }
            }
        }
        return out;
    }

    private static Connection viaRift(String branch) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + f.rift.port() + "/" + branch, clerk());
    }

    private static Connection direct() throws SQLException {
        return DriverManager.getConnection(f.pg.jdbcUrl(f.db), clerk());
    }

    private static Properties clerk() {
        Properties p = new Properties();
        p.setProperty("user", CLERK);
        p.setProperty("password", PASSWORD);
        return p;
    }
}
