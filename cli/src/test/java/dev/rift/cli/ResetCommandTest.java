package dev.rift.cli;

import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import dev.rift.testsupport.UserRows;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code rift reset}: a branch's data, schema and sequences discarded, its name and open sessions kept. */
@ExtendWith(UpstreamExtension.class)
class ResetCommandTest {
    private static CliUpstream fixture;

    @BeforeAll
    static void upstream(TestUpstream upstream) throws Exception {
        fixture = CliUpstream.served(upstream, st -> {
            st.execute("CREATE TABLE accounts (id serial PRIMARY KEY, balance int NOT NULL)");
            st.execute("INSERT INTO accounts (balance) SELECT 100 FROM generate_series(1, 50)");
        });
    }

    @AfterAll
    static void drop() {
        fixture.close();
    }

    @Test
    void resetDiscardsDataSchemaAndSequencesAndAnOpenSessionSeesItAtItsNextStatement() throws Exception {
        assertEquals(0, Rift.run("create", "rs-open", "--upstream", fixture.url).exitCode());
        Map<String, String> upstream;
        try (Connection c = fixture.pg.connect(fixture.db)) {
            upstream = UserRows.of(c);
        }
        try (Connection c = branch("rs-open"); Statement st = c.createStatement()) {
            st.execute("UPDATE accounts SET balance = 0 WHERE id <= 10");
            st.execute("DELETE FROM accounts WHERE id > 40");
            st.execute("INSERT INTO accounts (balance) VALUES (1), (2)");
            st.execute("CREATE TABLE notes (id int PRIMARY KEY)");
            st.execute("ALTER TABLE accounts ADD COLUMN note text");

            Rift reset = Rift.run("reset", "rs-open", "--upstream", fixture.url);
            assertEquals(0, reset.exitCode(), reset.err());
            assertTrue(reset.out().strip().matches("reset branch rs-open in [0-9.]+ ms \\(old layer dropped after [0-9.]+ ms\\)"), reset.out());

            assertEquals(upstream, UserRows.of(c), "the same session reads the upstream's data again");
            SQLException gone = assertThrows(SQLException.class, () -> st.executeQuery("SELECT * FROM notes"));
            assertEquals("42P01", gone.getSQLState());
            try (ResultSet rs = st.executeQuery("INSERT INTO accounts (balance) VALUES (3) RETURNING id")) {
                rs.next();
                assertEquals(51, rs.getInt(1), "the branch's sequence starts again where the upstream's stands");
            }
        }
        Rift diff = Rift.run("diff", "rs-open", "--stat", "--upstream", fixture.url);
        assertTrue(diff.out().contains("total: 1 inserted, 0 deleted, 0 updated in 1 table"), diff.out());
    }

    @Test
    void resettingAnUnknownBranchFailsWithItsName() {
        Rift r = Rift.run("reset", "rs-nope", "--upstream", fixture.url);
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("branch \"rs-nope\" does not exist"), r.err());
    }

    private static Connection branch(String name) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", fixture.pg.user());
        p.setProperty("password", fixture.pg.password());
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + fixture.rift.port() + "/" + name, p);
    }
}
