package dev.rift.router.proxy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything one {@link Statement#execute(String)} returns, in order: result sets and update
 * counts, as a multi-statement query yields them.
 */
public final class Results {

    /** The count a statement without a result set reports (from its command tag). */
    public record UpdateCount(long count) {}

    private Results() {
    }

    /** Runs {@code sql} and collects each result: {@link Rows} or {@link UpdateCount}. */
    public static List<Object> executeAll(Statement statement, String sql) throws SQLException {
        List<Object> results = new ArrayList<>();
        boolean isResultSet = statement.execute(sql);
        while (true) {
            if (isResultSet) {
                try (ResultSet rs = statement.getResultSet()) {
                    results.add(Rows.of(rs));
                }
            } else {
                long count = statement.getLargeUpdateCount();
                if (count == -1) {
                    return results;
                }
                results.add(new UpdateCount(count));
            }
            isResultSet = statement.getMoreResults();
        }
    }

    /** The rows of a query. */
    public static Rows query(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return Rows.of(rs);
        }
    }
}
