package dev.rift.router;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * How many sessions an upstream server takes: its max_connections less the connections only superusers (and, from
 * PostgreSQL 16, roles with pg_use_reserved_connections) may use.
 */
public record UpstreamCapacity(int maxConnections, int reserved) {
    /** A PostgreSQL as installed: what rift assumes of a server it cannot ask (snapshot postmasters, a bare proxy). */
    public static final UpstreamCapacity POSTGRES_DEFAULT = new UpstreamCapacity(100, 3);
    /** rift's own connections beside the sessions': the catalog pool (4), the branch-event listener, one spare. */
    static final int RIFT_OWN = 6;

    /**
     * Three quarters of what ordinary roles may use, less rift's own connections: the rest stays free for direct
     * logins (a DBA's psql, migrations, monitoring), however many clients rift has. 66 for PostgreSQL's defaults.
     */
    public int sessionShare() {
        return Math.max(1, (maxConnections - reserved) * 3 / 4 - RIFT_OWN);
    }

    /** Asks the server behind {@code upstream}. */
    public static UpstreamCapacity read(DataSource upstream) throws SQLException {
        try (Connection c = upstream.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT current_setting('max_connections')::int,"
                     + " current_setting('superuser_reserved_connections')::int"
                     + " + coalesce(current_setting('reserved_connections', true)::int, 0)")) {
            rs.next();
            return new UpstreamCapacity(rs.getInt(1), rs.getInt(2));
        }
    }
}
