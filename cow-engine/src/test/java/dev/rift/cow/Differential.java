package dev.rift.cow;

import dev.rift.testsupport.Outcome;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Runs each statement on a branch (router-style, see {@link BranchStatements}) and on the oracle, a full copy of
 * the upstream taken before any branch existed, and asserts the client would see the same: rows, update count,
 * SQLSTATE, message, detail, table, column and constraint. The oracle works in one transaction, each statement
 * under a savepoint, rolled back at the end, so every test starts from the same upstream state as its new branch.
 */
final class Differential implements AutoCloseable {
    private final EngineFixture fixture;
    private final Connection oracle;
    private final Connection branch;
    private BranchStatements on;

    Differential(EngineFixture fixture, String branchName) throws SQLException {
        this.fixture = fixture;
        this.oracle = fixture.connectOracle();
        this.oracle.setAutoCommit(false);
        this.branch = fixture.connect();
        this.on = new BranchStatements(fixture.engine, branchName);
    }

    /**
     * Goes on with another branch against the same oracle: for a child branch, the oracle's state so far is the
     * parent's at the child's creation.
     */
    void switchTo(String branchName) {
        on = new BranchStatements(fixture.engine, branchName);
    }

    Outcome insert(String table, String rest) throws SQLException {
        return same(on.insert(table, rest), "INSERT INTO " + target(table) + " " + rest);
    }

    Outcome upsert(String table, String keyCondition, String rest) throws SQLException {
        return same(on.upsert(table, keyCondition, rest), "INSERT INTO " + target(table) + " " + rest);
    }

    Outcome update(String table, String set, String where) throws SQLException {
        return same(on.update(table, set, where), "UPDATE " + target(table) + " SET " + set + " WHERE " + where);
    }

    Outcome delete(String table, String where) throws SQLException {
        return same(on.delete(table, where), "DELETE FROM " + target(table) + " WHERE " + where);
    }

    /** The table's rows through the branch's read relation equal the oracle's table. */
    void assertSameRows(String table) throws SQLException {
        String order = " ORDER BY " + Quote.ident(table) + "::text";
        assertEquals(rows(oracle, "SELECT * FROM " + target(table) + order),
                rows(branch, "SELECT * FROM " + on.read(table) + order), "rows of " + table);
    }

    /** A query on the branch's own connection (for checks beyond the oracle's). */
    List<List<String>> branchRows(String sql) throws SQLException {
        return rows(branch, sql);
    }

    BranchStatements statements() {
        return on;
    }

    private Outcome same(List<String> branchStatements, String oracleStatement) throws SQLException {
        Outcome expected = Outcomes.underSavepoint(oracle, oracleStatement);
        Outcome actual = Outcomes.inTransaction(branch, branchStatements);
        assertEquals(expected, actual, () -> "branch statements " + branchStatements + " vs " + oracleStatement);
        return actual;
    }

    private static String target(String table) {
        return BranchStatements.table(table).sql() + " AS " + Quote.ident(table);
    }

    private static List<List<String>> rows(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return Outcome.rows(rs);
        }
    }

    @Override
    public void close() throws SQLException {
        try {
            oracle.rollback();
        } finally {
            oracle.close();
            branch.close();
        }
    }
}
