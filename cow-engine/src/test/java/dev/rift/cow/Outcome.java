package dev.rift.cow;

import dev.rift.cow.ddl.LayerNames;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * What a client sees of a statement: its rows and update count (the number in the command tag), or its error with
 * the fields PostgreSQL reports. A layer's data schema in an error's SCHEMA field is shown as the upstream schema
 * it stands for (the router maps it back, see {@link LayerNames#upstreamSchemaOf}).
 */
record Outcome(Integer updateCount, List<List<String>> rows, String sqlState, String message, String detail,
               String schema, String table, String column, String constraint) {

    boolean failed() {
        return sqlState != null;
    }

    /** Runs the statements in one transaction (hidden preludes first), committed when they all succeed. */
    static Outcome inTransaction(Connection c, List<String> statements) throws SQLException {
        c.setAutoCommit(false);
        try {
            Outcome last = null;
            for (String sql : statements) {
                last = run(c, sql);
            }
            c.commit();
            return last;
        } catch (SQLException e) {
            c.rollback();
            return error(e);
        } finally {
            c.setAutoCommit(true);
        }
    }

    /** Runs the statement under a savepoint of the caller's open transaction, rolled back to when it fails. */
    static Outcome underSavepoint(Connection c, String sql) throws SQLException {
        Savepoint sp = c.setSavepoint();
        try {
            Outcome o = run(c, sql);
            c.releaseSavepoint(sp);
            return o;
        } catch (SQLException e) {
            c.rollback(sp);
            return error(e);
        }
    }

    private static Outcome run(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            boolean hasRows = s.execute(sql);
            if (hasRows) {
                return new Outcome(null, rows(s.getResultSet()), null, null, null, null, null, null, null);
            }
            return new Outcome(s.getUpdateCount(), List.of(), null, null, null, null, null, null, null);
        }
    }

    static List<List<String>> rows(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        List<List<String>> out = new ArrayList<>();
        while (rs.next()) {
            List<String> row = new ArrayList<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                row.add(rs.getString(i));
            }
            out.add(row);
        }
        return out;
    }

    private static Outcome error(SQLException e) throws SQLException {
        if (!(e instanceof PSQLException p) || p.getServerErrorMessage() == null) {
            throw e;
        }
        ServerErrorMessage m = p.getServerErrorMessage();
        String schema = m.getSchema() == null ? null : LayerNames.upstreamSchemaOf(m.getSchema()).orElse(m.getSchema());
        return new Outcome(null, null, m.getSQLState(), m.getMessage(), m.getDetail(), schema, m.getTable(),
                m.getColumn(), m.getConstraint());
    }
}
