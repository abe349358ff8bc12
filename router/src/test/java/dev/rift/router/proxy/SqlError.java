package dev.rift.router.proxy;

import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import java.sql.SQLException;

/**
 * What a client learns from a failed statement: the SQLSTATE and every field of the server's
 * ErrorResponse that pgjdbc exposes. Two sides that fail alike produce equal values.
 */
public record SqlError(String sqlState, String severity, String message, String detail, String hint, int position,
                       String where, String schema, String table, String column, String datatype,
                       String constraint, String routine) {

    public static SqlError of(SQLException e) {
        ServerErrorMessage m = e instanceof PSQLException p ? p.getServerErrorMessage() : null;
        if (m == null) {
            // A client-side failure (e.g. the connection broke): only the state and text exist.
            return new SqlError(e.getSQLState(), null, e.getMessage(), null, null, 0, null, null, null, null, null,
                    null, null);
        }
        return new SqlError(e.getSQLState(), m.getSeverity(), m.getMessage(), m.getDetail(), m.getHint(),
                m.getPosition(), m.getWhere(), m.getSchema(), m.getTable(), m.getColumn(), m.getDatatype(),
                m.getConstraint(), m.getRoutine());
    }
}
