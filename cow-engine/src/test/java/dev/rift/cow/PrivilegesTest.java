package dev.rift.cow;

import dev.rift.storage.catalog.SessionRoles;
import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import dev.rift.testsupport.Outcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Branch sessions run as their client role's session role (docs/security.md): it reads and writes the branch as the
 * client may the upstream, writes nothing upstream, and nothing of a branch is reachable without it.
 */
@ExtendWith(UpstreamExtension.class)
class PrivilegesTest {
    private static final String SUFFIX = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private static final String APP = "rift_app_" + SUFFIX;
    private static final String NOBODY = "rift_nobody_" + SUFFIX;
    private static final String PASSWORD = "p" + SUFFIX;

    private static TestUpstream pg;
    private static EngineFixture fixture;

    @BeforeAll
    static void upstream(TestUpstream upstream) throws SQLException {
        pg = upstream;
        try (Connection c = pg.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + APP + " LOGIN PASSWORD '" + PASSWORD + "'");
            s.execute("CREATE ROLE " + NOBODY + " LOGIN PASSWORD '" + PASSWORD + "'");
        }
        fixture = EngineFixture.start(pg, """
                CREATE TABLE accounts (id integer PRIMARY KEY, owner text UNIQUE, balance integer NOT NULL);
                INSERT INTO accounts SELECT g, 'o' || g, g FROM generate_series(1, 10) g;
                CREATE TABLE transfers (id serial PRIMARY KEY, account_id integer REFERENCES accounts, amount integer);
                GRANT SELECT, INSERT, UPDATE, DELETE ON accounts, transfers TO %1$s;
                GRANT USAGE ON SEQUENCE transfers_id_seq TO %1$s;
                """.formatted(APP));
    }

    @AfterAll
    static void dropRoles() throws SQLException {
        try {
            fixture.close();
        } finally {
            try (Connection c = pg.connect(); Statement s = c.createStatement()) {
                s.execute("DROP ROLE IF EXISTS " + APP);
                s.execute("DROP ROLE IF EXISTS " + NOBODY);
            }
        }
    }

    @Test
    void aClientsSessionRoleWritesAndReadsItsBranch() throws SQLException {
        String branch = fixture.newBranch();
        BranchStatements on = new BranchStatements(fixture.engine, branch);
        SessionRoles.Login login = fixture.engine.sessionLogin(branch, APP);
        try (Connection app = connect(login.role(), login.secret())) {
            assertFalse(Outcomes.inTransaction(app, on.update("accounts", "balance = balance - 1", "id = 1")).failed());
            assertFalse(Outcomes.inTransaction(app, on.delete("accounts", "id = 2")).failed());
            assertFalse(Outcomes.inTransaction(app, on.insert("transfers", "(account_id, amount) VALUES (1, 1)"))
                    .failed());
            assertEquals(List.of(List.of("0")), Outcomes.inTransaction(app,
                    List.of("SELECT balance FROM " + on.read("accounts") + " WHERE id = 1")).rows());
        }
    }

    @Test
    void aSessionRoleCannotWriteAnyUpstreamObjectItsClientMayWrite() throws SQLException {
        String branch = fixture.newBranch();
        SessionRoles.Login login = fixture.engine.sessionLogin(branch, APP);
        try (Connection app = connect(login.role(), login.secret())) {
            for (String sql : List.of("UPDATE public.accounts SET balance = 0", "DELETE FROM public.transfers",
                    "INSERT INTO public.accounts VALUES (99, 'x', 1)", "SELECT nextval('public.transfers_id_seq')",
                    "TRUNCATE public.transfers", "CREATE TABLE public.planted (id int)",
                    "SELECT * FROM public.accounts FOR UPDATE")) {
                assertEquals("42501", Outcomes.inTransaction(app, List.of(sql)).sqlState(), sql);
            }
            assertEquals(List.of(List.of("10")), Outcomes.inTransaction(app,
                    List.of("SELECT count(*) FROM public.accounts")).rows(), "it reads what its client reads");
        }
    }

    @Test
    void noRoleReadsOrWritesABranchsLayerWithoutASessionRole() throws SQLException {
        String branch = fixture.newBranch();
        BranchStatements on = new BranchStatements(fixture.engine, branch);
        fixture.engine.prepareWrite(branch, BranchStatements.table("accounts"));
        try (Connection app = connectAs(APP)) {
            // The client role itself, connected to the upstream directly: the branch's objects are not PUBLIC's.
            assertEquals("42501", Outcomes.inTransaction(app, List.of("SELECT * FROM " + on.read("accounts")))
                    .sqlState());
            assertEquals("42501", Outcomes.inTransaction(app, on.update("accounts", "balance = 0", "id = 1"))
                    .sqlState());
        }
    }

    @Test
    void aRoleWithoutPrivilegesOnTheUpstreamTableCannotReadItThroughTheBranchEither() throws SQLException {
        String branch = fixture.newBranch();
        BranchStatements on = new BranchStatements(fixture.engine, branch);
        fixture.engine.prepareWrite(branch, BranchStatements.table("accounts"));
        SessionRoles.Login login = fixture.engine.sessionLogin(branch, NOBODY);
        try (Connection nobody = connect(login.role(), login.secret())) {
            Outcome upstream = Outcomes.inTransaction(nobody, List.of("SELECT * FROM public.accounts AS accounts"));
            Outcome branchRead = Outcomes.inTransaction(nobody, List.of("SELECT * FROM " + on.read("accounts")));
            assertEquals("42501", upstream.sqlState());
            assertEquals("42501", branchRead.sqlState());
        }
    }

    private static Connection connectAs(String role) throws SQLException {
        return connect(role, PASSWORD);
    }

    private static Connection connect(String role, String password) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", role);
        p.setProperty("password", password);
        return DriverManager.getConnection(pg.jdbcUrl(fixture.db), p);
    }
}
