package dev.rift.router.control;

import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;

import static dev.rift.router.control.ControlFixture.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What database rift refuses, with PostgreSQL's SQLSTATEs, in both protocols; after each refusal the same connection
 * goes on working. Also what drivers send besides calls (SET, empty statements, SELECT 1), and authentication.
 */
@ExtendWith(UpstreamExtension.class)
class ControlErrorsTest {
    private static ControlFixture f;

    @BeforeAll
    static void start(TestUpstream pg) throws Exception {
        f = ControlFixture.start(pg, "CREATE TABLE t (id int PRIMARY KEY)");
        f.rift.engine().install();
        f.rift.engine().createBranch("existing", null);
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    @ParameterizedTest(name = "[{0}] {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "simple   | SELECT * FROM rift.diff('no-such-branch')                 | 3D000",
            "extended | SELECT * FROM rift.diff('no-such-branch')                 | 3D000",
            "extended | SELECT rift.reset_branch('no-such-branch')                | 3D000",
            "simple   | SELECT rift.delete_branch('no-such-branch')               | 3D000",
            "extended | SELECT * FROM rift.schema_diff('existing', 'no-such')      | 3D000",
            "simple   | SELECT rift.create_branch('Not Valid!')                   | 42602",
            "extended | SELECT rift.create_branch('Not Valid!')                   | 42602",
            "extended | SELECT rift.create_branch('existing')                     | 42P04",
            "simple   | SELECT rift.create_branch('existing')                     | 42P04",
            "extended | SELECT rift.create_branch('rift')                         | 42939",
            "extended | SELECT rift.create_branch('x', 'no-such-parent')          | 3D000",
            "simple   | SELECT rift.drop_everything('existing')                   | 42883",
            "extended | SELECT rift.drop_everything('existing')                   | 42883",
            "extended | SELECT rift.diff()                                        | 42883",
            "simple   | SELECT rift.reset_branch('existing', 'extra')             | 42883",
            "extended | SELECT rift.diff('existing', nonsense => 'x')             | 42883",
            "extended | SELECT rift.diff(42)                                      | 42883",
            "extended | SELECT diff('existing')                                   | 42883",
            "simple   | SELECT * FROM pg_class                                    | 0A000",
            "extended | SELECT * FROM pg_class                                    | 0A000",
            "simple   | CREATE TABLE x (id int)                                   | 0A000",
            "extended | SELECT * FROM rift.diff('existing') WHERE op = 'insert'   | 0A000",
            "simple   | BEGIN                                                     | 0A000",
            "extended | SELECT nope FROM rift.branches()                          | 42703",
            "extended | SELECT rift.merge('existing', strategy => 'mine')         | 22023",
            "extended | SELECT rift.delete_branch('existing', force => 'maybe')   | 22P02",
            "extended | SELECT * FROM rift.diff(NULL)                            | 22004",
            "simple   | SELECT rift.delete_branch(NULL, true)                     | 22004",
    })
    void aRefusedStatementGetsPostgresqlsSqlstateAndTheConnectionGoesOn(String mode, String sql, String state)
            throws Exception {
        try (Connection rift = f.connect("rift", mode); Statement st = rift.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> st.execute(sql));
            assertEquals(state, e.getSQLState(), e.getMessage());
            assertTrue(rows(rift, "SELECT * FROM rift.branches()").stream().anyMatch(r -> r.get(0).equals("existing")),
                    "the connection still answers");
        }
        assertTrue(f.rift.engine().branchCatalog().branch("existing").isPresent(), "nothing was deleted");
    }

    @Test
    void anUnknownFunctionIsNamedAndTheHintListsWhatExists() throws Exception {
        try (Connection rift = f.control(); Statement st = rift.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> st.execute("SELECT rift.nope('a')"));
            assertTrue(e.getMessage().contains("function rift.nope(unknown) does not exist"), e.getMessage());
            assertTrue(e.getMessage().contains("rift.diff(branch text, against text DEFAULT NULL)"), e.getMessage());
        }
    }

    @Test
    void aFailedStatementStopsTheRestOfASimpleQueryStringAsPostgresqlDoes() throws Exception {
        try (Connection rift = f.connect("rift", "simple"); Statement st = rift.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> st.execute(
                    "SELECT rift.create_branch('first'); SELECT rift.nope(); SELECT rift.create_branch('never')"));
            assertEquals("42883", e.getSQLState());
        }
        assertTrue(f.rift.engine().branchCatalog().branch("first").isPresent());
        assertTrue(f.rift.engine().branchCatalog().branch("never").isEmpty());
    }

    @Test
    void settingsEmptyStatementsAndSelectOneProbesAreAnswered() throws Exception {
        for (String mode : List.of("simple", "extended")) {
            try (Connection rift = f.connect("rift", mode); Statement st = rift.createStatement()) {
                st.execute("SET application_name = 'ci'");
                st.execute("SET extra_float_digits = 3");
                st.execute("RESET ALL");
                assertEquals(List.of(List.of("1")), rows(rift, "SELECT 1"));
                assertTrue(rift.isValid(5), mode);
                st.execute("");
            }
        }
    }

    @Test
    void aWrongPasswordIsRefusedByPostgresqlItself() {
        Properties p = new Properties();
        p.setProperty("user", f.pg.user());
        p.setProperty("password", "wrong-" + f.pg.password());
        SQLException e = assertThrows(SQLException.class, () -> java.sql.DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + f.rift.port() + "/rift", p));
        assertEquals("28P01", e.getSQLState(), e.getMessage());
    }
}
