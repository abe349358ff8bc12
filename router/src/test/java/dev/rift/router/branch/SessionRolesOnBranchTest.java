package dev.rift.router.branch;

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
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A branch session runs as its client role's session role on that branch (docs/security.md), seen from ordinary
 * roles: a writer without any privilege on rift's schema runs DDL and writes on its branch; what it wrote there is
 * reachable neither from main nor from another branch, and a reader cannot read it; the session answers the client's
 * own name for current_user; the branch's roles go with the branch.
 */
@ExtendWith(UpstreamExtension.class)
class SessionRolesOnBranchTest {
    private static final String SUFFIX = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private static final String DEV = "dev_" + SUFFIX;
    private static final String READER = "reader_" + SUFFIX;
    private static final String PASSWORD = "pw" + SUFFIX;

    private static BranchFixture f;

    @BeforeAll
    static void start(TestUpstream pg) throws Exception {
        try (Connection c = pg.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + DEV + " LOGIN PASSWORD '" + PASSWORD + "'");
            s.execute("CREATE ROLE " + READER + " LOGIN PASSWORD '" + PASSWORD + "'");
        }
        f = BranchFixture.start(pg,
                "CREATE TABLE orders (id int PRIMARY KEY, note text)",
                "INSERT INTO orders SELECT g, 'n' || g FROM generate_series(1, 5) g",
                "GRANT SELECT, INSERT, UPDATE, DELETE ON orders TO " + DEV,
                "GRANT SELECT ON orders TO " + READER,
                "GRANT CREATE ON SCHEMA public TO " + DEV,
                "DO $$BEGIN EXECUTE format('GRANT CREATE ON DATABASE %I TO " + DEV + "', current_database()); END$$");
        f.createBranch("work", null);
        f.createBranch("other", null);
    }

    @AfterAll
    static void stop(TestUpstream pg) throws SQLException {
        f.close();
        try (Connection c = pg.connect(); Statement s = c.createStatement()) {
            s.execute("DROP ROLE IF EXISTS " + DEV);
            s.execute("DROP ROLE IF EXISTS " + READER);
        }
    }

    @Test
    void aWriterWithoutRightsOnRiftsSchemaRunsDdlAndWritesOnItsBranch() throws SQLException {
        try (Connection dev = as(DEV, "work"); Statement s = dev.createStatement()) {
            s.execute("CREATE TABLE dev_notes (id int PRIMARY KEY, body text)");
            s.execute("INSERT INTO dev_notes VALUES (1, 'mine')");
            s.execute("UPDATE orders SET note = 'changed' WHERE id = 1");
            assertEquals("mine", one(s, "SELECT body FROM dev_notes"));
            assertEquals("changed", one(s, "SELECT note FROM orders WHERE id = 1"));
            assertEquals(DEV, one(s, "SELECT current_user"));
        }
        try (Connection up = f.upstream(); Statement s = up.createStatement()) {
            assertEquals("n1", one(s, "SELECT note FROM orders WHERE id = 1"), "the upstream is untouched");
            assertEquals("0", one(s, "SELECT count(*) FROM pg_class WHERE relname = 'dev_notes'"
                    + " AND relnamespace = 'public'::regnamespace"));
        }
    }

    @Test
    void whatAWriterMadeOnItsBranchIsNotReachableFromMainOrAnotherBranchOrByAReader() throws SQLException {
        String data;
        try (Connection dev = as(DEV, "work"); Statement s = dev.createStatement()) {
            s.execute("CREATE TABLE dev_private (id int PRIMARY KEY, body text)");
            s.execute("UPDATE orders SET note = 'secretly' WHERE id = 2");
        }
        try (Connection up = f.upstream(); Statement s = up.createStatement()) {
            data = one(s, "SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname) FROM pg_class c"
                    + " JOIN pg_namespace n ON n.oid = c.relnamespace JOIN rift.branches b ON n.nspname"
                    + " = 'rift_l' || b.top_layer || '_public' WHERE b.name = 'work' AND c.relname = 'orders'");
        }
        String layerTable = data;
        try (Connection dev = asDirect(DEV); Statement s = dev.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("SELECT * FROM " + layerTable));
            assertEquals("42501", e.getSQLState(), "the client role itself, on the upstream");
        }
        try (Connection dev = as(DEV, "other"); Statement s = dev.createStatement()) {
            // Not even named there (42P01), and not writable if it were (42501).
            SQLException e = assertThrows(SQLException.class,
                    () -> s.executeUpdate("UPDATE " + layerTable + " SET note = 'x'"));
            assertTrue(Set.of("42501", "42P01").contains(e.getSQLState()), e.getSQLState() + " " + e.getMessage());
        }
        try (Connection reader = as(READER, "work"); Statement s = reader.createStatement()) {
            assertEquals("secretly", one(s, "SELECT note FROM orders WHERE id = 2"), "it may read orders");
            SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("SELECT * FROM dev_private"));
            assertEquals("42501", e.getSQLState(), "but not the writer's own table, as on a copy");
            SQLException w = assertThrows(SQLException.class,
                    () -> s.executeUpdate("UPDATE orders SET note = 'r' WHERE id = 3"));
            assertEquals("42501", w.getSQLState(), "nor write orders");
        }
    }

    @Test
    void aGrantOnABranchSchemaReachesTheGranteesSessionRoleOnThatBranchOnly() throws SQLException {
        try (Connection dev = as(DEV, "work"); Statement s = dev.createStatement()) {
            s.execute("CREATE SCHEMA sales");
            s.execute("CREATE TABLE sales.deals (id int PRIMARY KEY, amount int)");
            s.execute("INSERT INTO sales.deals VALUES (1, 10), (2, 20)");
        }
        try (Connection reader = as(READER, "work"); Statement s = reader.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("SELECT * FROM sales.deals"));
            assertEquals("42501", e.getSQLState(), "not granted yet, as on a copy");
        }
        try (Connection dev = as(DEV, "work"); Statement s = dev.createStatement()) {
            s.execute("GRANT USAGE ON SCHEMA sales TO " + READER);
            s.execute("GRANT SELECT ON sales.deals TO " + READER);
        }
        try (Connection reader = as(READER, "work"); Statement s = reader.createStatement()) {
            assertEquals("30", one(s, "SELECT sum(amount) FROM sales.deals"), "granted on the branch");
            SQLException w = assertThrows(SQLException.class,
                    () -> s.executeUpdate("UPDATE sales.deals SET amount = 0"));
            assertEquals("42501", w.getSQLState(), "SELECT only");
        }
        String physical;
        try (Connection up = f.upstream(); Statement s = up.createStatement()) {
            physical = one(s, "SELECT quote_ident(ls.physical_schema) || '.deals' FROM rift.layer_schemas ls"
                    + " JOIN rift.branches b ON b.top_layer = ls.layer_id WHERE b.name = 'work'"
                    + " AND ls.logical_schema = 'sales'");
            assertEquals("f", one(s, "SELECT has_table_privilege('" + READER + "', '" + physical + "', 'SELECT')"),
                    "the client role itself is granted nothing rift made");
            assertEquals("0", one(s, "SELECT count(*) FROM pg_namespace WHERE nspname = 'sales'"), "main has no sales");
        }
        try (Connection reader = asDirect(READER); Statement s = reader.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("SELECT * FROM " + physical));
            assertEquals("42501", e.getSQLState(), "a role connected to main cannot read the branch's schema");
        }
        try (Connection reader = as(READER, "other"); Statement s = reader.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("SELECT * FROM sales.deals"));
            assertTrue(Set.of("3F000", "42P01").contains(e.getSQLState()), "another branch has no sales");
        }
        try (Connection dev = as(DEV, "work"); Statement s = dev.createStatement()) {
            s.execute("REVOKE SELECT ON sales.deals FROM " + READER);
        }
        try (Connection reader = as(READER, "work"); Statement s = reader.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("SELECT * FROM sales.deals"));
            assertEquals("42501", e.getSQLState(), "revoked");
        }
    }

    @Test
    void aGrantOnTheBranchCannotReachUpstreamObjectsOrPublic() throws SQLException {
        try (Connection dev = as(DEV, "work"); Statement s = dev.createStatement()) {
            s.execute("CREATE TABLE dev_shared (id int)");
            // PostgreSQL gives PUBLIC EXECUTE on every new function: the schema holding it must be the gate
            s.execute("CREATE FUNCTION dev_secret() RETURNS text LANGUAGE sql AS $$ SELECT 'branch only' $$");
            for (String grant : new String[] {"GRANT INSERT ON orders TO " + READER,
                    "GRANT ALL ON TABLE public.orders TO " + READER, "GRANT SELECT ON dev_shared TO PUBLIC",
                    "GRANT CREATE ON SCHEMA public TO " + READER, "GRANT " + DEV + " TO " + READER,
                    "GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + READER}) {
                SQLException e = assertThrows(SQLException.class, () -> s.execute(grant), grant);
                assertEquals("0A000", e.getSQLState(), grant + ": " + e.getMessage());
            }
            assertEquals("1", one(s, "SELECT 1"), "the session stays usable");
        }
        try (Connection up = f.upstream(); Statement s = up.createStatement()) {
            assertEquals("f", one(s, "SELECT has_table_privilege('" + READER + "', 'orders', 'INSERT')"));
            assertEquals("f", one(s, "SELECT has_schema_privilege('" + READER + "', 'public', 'CREATE')"));
            assertEquals("f", one(s, "SELECT pg_has_role('" + READER + "', '" + DEV + "', 'MEMBER')"));
            assertEquals("0", one(s, "SELECT count(*) FROM pg_class c, aclexplode(c.relacl) a"
                    + " WHERE c.relnamespace::regnamespace::text LIKE 'rift%' AND a.grantee = 0"), "nothing to PUBLIC");
            assertEquals("0", one(s, "SELECT count(*) FROM pg_namespace n, aclexplode(n.nspacl) a"
                    + " WHERE n.nspname LIKE 'rift%' AND a.grantee = 0"), "no rift schema is PUBLIC's");
            String own = one(s, "SELECT n.nspname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
                    + " WHERE p.proname = 'dev_secret'");
            assertTrue(own.startsWith("rift_o"), own);
            assertEquals("f", one(s, "SELECT has_schema_privilege('" + READER + "', '" + own + "', 'USAGE')"),
                    "a role on main cannot reach the branch's own schema, nor so its functions");
        }
    }

    /** issue 17: tools introspecting main as a production role must not see the branches' copies of its tables. */
    @Test
    void aRoleOnMainSeesNoBranchCopiesInInformationSchema() throws SQLException {
        try (Connection dev = as(DEV, "work"); Statement s = dev.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS dev_seen (id int PRIMARY KEY, note text)");
            s.execute("CREATE OR REPLACE VIEW dev_seen_notes AS SELECT note FROM dev_seen");
        }
        String columnsOfTable = "SELECT count(*) FROM information_schema.columns WHERE table_name = 'dev_seen'";
        String riftColumns = "SELECT count(*) FROM information_schema.columns WHERE table_schema LIKE 'rift%'";
        String riftTables = "SELECT count(*) FROM information_schema.tables WHERE table_schema LIKE 'rift%'";
        try (Connection up = f.upstream(); Statement s = up.createStatement()) {
            assertEquals("2", one(s, columnsOfTable), "a superuser sees the branch's table in its own schema");
        }
        for (String role : new String[] {READER, DEV}) {
            try (Connection main = asDirect(role); Statement s = main.createStatement()) {
                assertEquals("0", one(s, columnsOfTable), role + " does not see the branch's table");
                assertEquals("public", one(s, "SELECT string_agg(DISTINCT table_schema, ',') FROM"
                        + " information_schema.columns WHERE table_name = 'orders'"), role + " sees main's orders");
                assertEquals("0", one(s, riftColumns), role);
                assertEquals("0", one(s, riftTables), role);
                assertEquals("0", one(s, "SELECT count(*) FROM information_schema.views WHERE table_schema LIKE"
                        + " 'rift%'"), role);
                assertEquals("0", one(s, "SELECT count(*) FROM information_schema.schemata WHERE schema_name LIKE"
                        + " 'rift%'"), role);
            }
        }
    }

    /**
     * A copy answers its own name for its database, and so does a branch: Rails derives its migration advisory lock's
     * key from current_database() (the key is also the branch's own, docs/overlay.md), and test runners look for their
     * database in pg_database.
     */
    @Test
    void eachBranchAnswersItsOwnNameAsItsDatabaseSoTwoBranchesTakeDifferentMigrationLocks() throws SQLException {
        String upstreamName;
        try (Connection up = f.upstream(); Statement s = up.createStatement()) {
            upstreamName = one(s, "SELECT current_database()");
        }
        try (Connection work = as(DEV, "work"); Statement w = work.createStatement();
             Connection other = as(DEV, "other"); Statement o = other.createStatement()) {
            assertEquals("work", one(w, "SELECT current_database()"));
            assertEquals("other", one(o, "SELECT current_catalog"));
            assertEquals("work", one(w, "SELECT datname FROM pg_database WHERE datname = current_database()"));
            assertEquals("0", one(o, "SELECT count(*) FROM pg_database WHERE datname = '" + upstreamName + "'"),
                    "the database the branch is connected to shows once, under the branch's name");
            String lock = "SELECT pg_try_advisory_lock(hashtext(current_database()))"; // Rails' key, in SQL
            assertEquals("t", one(w, lock));
            assertEquals("t", one(o, lock), "another branch's migration lock is not this one's");
        }
    }

    @Test
    void aDeletedBranchTakesItsSessionRolesWithIt() throws SQLException {
        f.createBranch("brief", null);
        try (Connection dev = as(DEV, "brief"); Statement s = dev.createStatement()) {
            s.execute("UPDATE orders SET note = 'brief' WHERE id = 3");
        }
        try (Connection up = f.upstream(); Statement s = up.createStatement()) {
            assertEquals("1", one(s, "SELECT count(*) FROM rift.session_roles r JOIN pg_roles o"
                    + " ON o.rolname = r.role_name WHERE r.branch = 'brief'"));
            String role = one(s, "SELECT role_name FROM rift.session_roles WHERE branch = 'brief'");
            f.rift.engine().deleteBranch("brief", false);
            assertEquals("0", one(s, "SELECT count(*) FROM pg_roles WHERE rolname = '" + role + "'"));
        }
    }

    private static Connection as(String role, String branch) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", role);
        p.setProperty("password", PASSWORD);
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + f.rift.port() + "/" + branch, p);
    }

    private static Connection asDirect(String role) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", role);
        p.setProperty("password", PASSWORD);
        return DriverManager.getConnection(f.pg.jdbcUrl(f.db), p);
    }

    private static String one(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
