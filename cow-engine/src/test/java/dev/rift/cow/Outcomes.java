package dev.rift.cow;

import dev.rift.cow.ddl.LayerNames;
import dev.rift.testsupport.Outcome;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * {@link Outcome}s of statements run as the router runs a branch's: a layer's data schema in an error's SCHEMA field
 * is shown as the upstream schema it stands for (the router maps it back, see {@link LayerNames#upstreamSchemaOf}).
 */
final class Outcomes {
    private Outcomes() {}

    /** Runs the statements in one transaction (hidden preludes first), committed when they all succeed. */
    static Outcome inTransaction(Connection c, List<String> statements) throws SQLException {
        return Outcome.inTransaction(c, statements, Outcomes::shown);
    }

    /** Runs the statement under a savepoint of the caller's open transaction, rolled back to when it fails. */
    static Outcome underSavepoint(Connection c, String sql) throws SQLException {
        return Outcome.underSavepoint(c, sql, Outcomes::shown);
    }

    private static String shown(String schema) {
        return LayerNames.upstreamSchemaOf(schema).orElse(schema);
    }
}
