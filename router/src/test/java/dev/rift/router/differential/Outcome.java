package dev.rift.router.differential;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What one statement did, as a client sees it: the SQLSTATE of its error, or its results in order
 * (each an update count or a result set's column names and rows, rendered as text), and the notices it got
 * (SQLSTATE and message: a branch must not show rift's own, nor lose the client's).
 */
record Outcome(String sqlState, List<Result> results, List<String> notices) {

    record Result(long updateCount, List<String> columns, List<List<String>> rows) {
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

    static Outcome error(SQLException e, List<String> notices) {
        return new Outcome(e.getSQLState() == null ? "(no sqlstate) " + e.getMessage() : e.getSQLState(), List.of(),
                notices);
    }

    /** Runs {@code sql} and records every result it produced. */
    static Outcome of(Statement st, String sql) {
        try {
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
            return new Outcome(null, results, notices(st));
        } catch (SQLException e) {
            return error(e, notices(st));
        }
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
        List<List<String>> rows = new ArrayList<>();
        while (rs.next()) {
            List<String> row = new ArrayList<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                row.add(rs.getString(i));
            }
            rows.add(row);
        }
        return new Result(-1, columns, rows);
    }

    Outcome unordered() {
        return new Outcome(sqlState, results.stream().map(Result::unordered).toList(), notices);
    }
}
