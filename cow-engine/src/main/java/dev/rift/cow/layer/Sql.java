package dev.rift.cow.layer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** Runs the DDL rift generates, logging it at debug level, and names the failing statement when one fails. */
final class Sql {
    private static final Logger log = LoggerFactory.getLogger(Sql.class);

    private Sql() {}

    static void execute(Connection c, List<String> statements) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String sql : statements) {
                log.debug("{}", sql);
                try {
                    s.execute(sql);
                } catch (SQLException e) {
                    throw new SQLException(e.getMessage() + "\n  in rift's statement: " + sql, e.getSQLState(), e);
                }
            }
        }
    }
}
