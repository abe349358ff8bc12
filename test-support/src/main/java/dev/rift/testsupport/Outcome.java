package dev.rift.testsupport;

import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * What one statement did, as a client sees it: the SQLSTATE of its error (and, where the reader asked for them, the
 * error's fields), or its results in order (each an update count, the number in the command tag, or a result set's
 * column names and rows, rendered as text), and the notices it got (SQLSTATE and message: a branch must not show
 * rift's own, nor lose the client's). A branch and a full copy must give equal outcomes.
 */
public record Outcome(String sqlState, ErrorFields error, List<Result> results, List<String> notices) {

    public record Result(long updateCount, List<String> columns, List<List<String>> rows) {
        static Result count(long n) {
            return new Result(n, List.of(), List.of());
        }

        /** Rows sorted, for statements whose order PostgreSQL does not promise. */
        Result unordered() {
            List<List<String>> sorted = new ArrayList<>(rows);
            sorted.sort(Comparator.comparing(Object::toString));
            return new Result(updateCount, columns, sorted);
        }
    }

    /** The fields PostgreSQL reports with an error, the schema as the client is shown it. */
    public record ErrorFields(String message, String detail, String schema, String table, String column,
                              String constraint) {}

    public boolean failed() {
        return sqlState != null;
    }

    /** The last result's update count (-1 for rows, or none). */
    public long updateCount() {
        return results.isEmpty() ? -1 : results.get(results.size() - 1).updateCount();
    }

    /** The last result's rows (none after an error). */
    public List<List<String>> rows() {
        return results.isEmpty() ? List.of() : results.get(results.size() - 1).rows();
    }

    public String constraint() {
        return error == null ? null : error.constraint();
    }

    public String column() {
        return error == null ? null : error.column();
    }

    public String detail() {
        return error == null ? null : error.detail();
    }

    public Outcome unordered() {
        return new Outcome(sqlState, error, results.stream().map(Result::unordered).toList(), notices);
    }

    /** An error by its SQLSTATE only. */
    public static Outcome error(SQLException e, List<String> notices) {
        return new Outcome(e.getSQLState() == null ? "(no sqlstate) " + e.getMessage() : e.getSQLState(), null,
                List.of(), notices);
    }

    /** Runs {@code sql} and records every result it produced; an error by its SQLSTATE. */
    public static Outcome of(Statement st, String sql) {
        try {
            return run(st, sql);
        } catch (SQLException e) {
            return error(e, notices(st));
        }
    }

    /**
     * Runs the statements in one transaction (hidden preludes first), committed when they all succeed; the outcome is
     * the last statement's, an error with its fields, the schema shown as {@code schemaShown} maps it.
     */
    public static Outcome inTransaction(Connection c, List<String> statements, UnaryOperator<String> schemaShown)
            throws SQLException {
        c.setAutoCommit(false);
        try {
            Outcome last = null;
            for (String sql : statements) {
                try (Statement st = c.createStatement()) {
                    last = run(st, sql);
                }
            }
            c.commit();
            return last;
        } catch (SQLException e) {
            c.rollback();
            return serverError(e, schemaShown);
        } finally {
            c.setAutoCommit(true);
        }
    }

    /** Runs the statement under a savepoint of the caller's open transaction, rolled back to when it fails. */
    public static Outcome underSavepoint(Connection c, String sql, UnaryOperator<String> schemaShown)
            throws SQLException {
        Savepoint sp = c.setSavepoint();
        try (Statement st = c.createStatement()) {
            Outcome o = run(st, sql);
            c.releaseSavepoint(sp);
            return o;
        } catch (SQLException e) {
            c.rollback(sp);
            return serverError(e, schemaShown);
        }
    }

    private static Outcome run(Statement st, String sql) throws SQLException {
        List<Result> results = new ArrayList<>();
        boolean isResultSet = st.execute(sql);
        while (true) {
            if (isResultSet) {
                try (ResultSet rs = st.getResultSet()) {
                    results.add(read(rs));
                }
            } else {
                long n = st.getLargeUpdateCount();
                if (n == -1) {
                    break;
                }
                results.add(Result.count(n));
            }
            isResultSet = st.getMoreResults();
        }
        return new Outcome(null, null, results, notices(st));
    }

    /** An error with the fields PostgreSQL reported; one without them (not the server's) is thrown on. */
    private static Outcome serverError(SQLException e, UnaryOperator<String> schemaShown) throws SQLException {
        if (!(e instanceof PSQLException p) || p.getServerErrorMessage() == null) {
            throw e;
        }
        ServerErrorMessage m = p.getServerErrorMessage();
        String schema = m.getSchema() == null ? null : schemaShown.apply(m.getSchema());
        return new Outcome(m.getSQLState(), new ErrorFields(m.getMessage(), m.getDetail(), schema, m.getTable(),
                m.getColumn(), m.getConstraint()), List.of(), List.of());
    }

    private static List<String> notices(Statement st) {
        List<String> out = new ArrayList<>();
        try {
            for (SQLWarning w = st.getWarnings(); w != null; w = w.getNextWarning()) {
                // Not compared: what a DROP ... CASCADE names. On a branch the objects behind it are its own copies
                // and hidden upstream relations, so PostgreSQL lists them differently; the statements that follow
                // compare what was dropped.
                if (!w.getMessage().startsWith("drop cascades to")) {
                    out.add(w.getSQLState() + " " + w.getMessage());
                }
            }
            st.clearWarnings();
        } catch (SQLException e) {
            out.add("(warnings unreadable: " + e.getSQLState() + ")");
        }
        return out;
    }

    private static Result read(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        List<String> columns = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            // The type as pgjdbc names it: from the RowDescription's type OID, and from the column's origin (table
            // OID and column number) looked up in the catalog, which calls a nextval-defaulted integer "serial".
            columns.add(md.getColumnLabel(i) + ":" + md.getColumnTypeName(i));
        }
        return new Result(-1, columns, rows(rs));
    }

    /** A result set's rows, every value as text. */
    public static List<List<String>> rows(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        List<List<String>> rows = new ArrayList<>();
        while (rs.next()) {
            List<String> row = new ArrayList<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                row.add(rs.getString(i));
            }
            rows.add(row);
        }
        return rows;
    }
}
