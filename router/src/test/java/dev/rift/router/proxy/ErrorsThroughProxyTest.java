package dev.rift.router.proxy;

import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.PGProperty;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Errors through rift carry PostgreSQL's SQLSTATE and every field of its ErrorResponse, and leave
 * the session as PostgreSQL leaves it: usable after an error in autocommit, aborted (25P02) until
 * ROLLBACK inside a transaction. Each case runs in the simple and in the extended protocol, whose
 * error recovery differs (the extended one discards messages until Sync).
 */
@ExtendWith(UpstreamExtension.class)
class ErrorsThroughProxyTest {

    private static ProxiedUpstream proxy;

    @BeforeAll
    static void startProxy(TestUpstream pg) throws Exception {
        proxy = ProxiedUpstream.start(pg);
        try (Connection c = proxy.direct().connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE accounts (id int PRIMARY KEY, email text CONSTRAINT accounts_email_key UNIQUE)");
            s.execute("INSERT INTO accounts VALUES (1, 'taken@example.com')");
        }
    }

    @AfterAll
    static void stopProxy() {
        proxy.close();
    }

    private static Map<PGProperty, String> mode(String queryMode) {
        return Map.of(PGProperty.PREFER_QUERY_MODE, queryMode);
    }

    /** Runs {@code sql} on both sides expecting {@code sqlState}, then checks the session still answers. */
    private static SqlError sameErrorThenUsable(String queryMode, String sql, String sqlState) throws Exception {
        try (SideBySide.Sessions s = proxy.sideBySide().open(mode(queryMode))) {
            SqlError error = s.sameError(sql, c -> {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    return ps.execute();
                }
            });
            assertEquals(sqlState, error.sqlState(), "SQLSTATE of " + sql + ": " + error);
            s.same("a query after the error", c -> Results.query(c, "SELECT 1 AS still_usable"));
            return error;
        }
    }

    @ParameterizedTest(name = "preferQueryMode={0}")
    @ValueSource(strings = {"simple", "extended"})
    void aSyntaxErrorKeeps42601AndItsPosition(String queryMode) throws Exception {
        SqlError error = sameErrorThenUsable(queryMode, "SELEC 1", "42601");
        assertTrue(error.position() > 0, "the error points into the query: " + error);
    }

    @ParameterizedTest(name = "preferQueryMode={0}")
    @ValueSource(strings = {"simple", "extended"})
    void divisionByZeroKeeps22012(String queryMode) throws Exception {
        sameErrorThenUsable(queryMode, "SELECT 1 / (random() * 0)::int", "22012");
    }

    @ParameterizedTest(name = "preferQueryMode={0}")
    @ValueSource(strings = {"simple", "extended"})
    void aUniqueViolationKeeps23505AndNamesTheConstraint(String queryMode) throws Exception {
        SqlError error = sameErrorThenUsable(queryMode,
                "INSERT INTO accounts VALUES (2, 'taken@example.com')", "23505");
        assertEquals("accounts_email_key", error.constraint(), "constraint field of " + error);
        assertTrue(error.message().contains("accounts_email_key"), "the message names the constraint: " + error);
        assertTrue(error.detail() != null && error.detail().contains("taken@example.com"),
                "the detail names the duplicate key: " + error);
    }

    @ParameterizedTest(name = "preferQueryMode={0}")
    @ValueSource(strings = {"simple", "extended"})
    void anUndefinedTableKeeps42P01(String queryMode) throws Exception {
        sameErrorThenUsable(queryMode, "SELECT * FROM no_such_table", "42P01");
    }

    @ParameterizedTest(name = "preferQueryMode={0}")
    @ValueSource(strings = {"simple", "extended"})
    void afterAnErrorInATransactionStatementsGet25P02UntilRollback(String queryMode) throws Exception {
        try (SideBySide.Sessions s = proxy.sideBySide().open(mode(queryMode))) {
            s.reference().setAutoCommit(false);
            s.underTest().setAutoCommit(false);
            s.same("a first statement in the transaction", c -> Results.query(c, "SELECT count(*) FROM accounts"));
            SqlError first = s.sameError("an error in the transaction", c -> Results.query(c, "SELECT 1 / 0"));
            assertEquals("22012", first.sqlState(), first.toString());
            SqlError aborted = s.sameError("the next statement in the aborted transaction",
                    c -> Results.query(c, "SELECT 1"));
            assertEquals("25P02", aborted.sqlState(), "in_failed_sql_transaction: " + aborted);
            s.same("ROLLBACK", c -> {
                c.rollback();
                return Results.query(c, "SELECT 1 AS works_again");
            });
        }
    }
}
