package dev.rift.router.control;

import dev.rift.cow.Quote;
import dev.rift.storage.UpstreamUrl;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.function.IntSupplier;

/**
 * Merge targets of a running server, with the credentials of its upstream URL: main is the upstream itself; a branch
 * is a session through this server's own listener (its loopback address when it listens on all).
 */
public final class LoopbackMergeTargets implements MergeTargets {
    private final UpstreamUrl upstream;
    private final String host;
    private final IntSupplier port;

    /** {@code listenHost} as the server listens; a wildcard address is reached through 127.0.0.1. */
    public LoopbackMergeTargets(UpstreamUrl upstream, String listenHost, IntSupplier port) {
        this.upstream = upstream;
        this.host = listenHost == null || listenHost.isEmpty() || listenHost.equals("0.0.0.0") || listenHost.equals("::")
                || listenHost.equals("*") ? "127.0.0.1" : listenHost.contains(":") ? "[" + listenHost + "]" : listenHost;
        this.port = port;
    }

    @Override
    public Connection open(String target, String role) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", upstream.user());
        if (upstream.password() != null) {
            p.setProperty("password", upstream.password());
        }
        if ("main".equals(target)) {
            Connection c = DriverManager.getConnection(upstream.jdbcUrl(), p);
            actAs(c, role);
            return c;
        }
        p.setProperty("sslmode", "disable");
        return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port.getAsInt() + "/" + target, p);
    }

    /**
     * Takes the client's role on the upstream connection, which logged in with rift's own credentials: a client must
     * not write to main through rift what its own role could not.
     */
    private void actAs(Connection c, String role) throws SQLException {
        if (role == null || role.equals(upstream.user())) {
            return;
        }
        try (Statement st = c.createStatement()) {
            st.execute("SET ROLE " + Quote.ident(role));
        } catch (SQLException e) {
            c.close();
            throw new ControlError("42501", "a merge into main writes as your role \"" + role + "\", and rift's"
                    + " upstream role \"" + upstream.user() + "\" cannot take it (" + e.getMessage() + "); GRANT "
                    + Quote.ident(role) + " TO " + Quote.ident(upstream.user()) + " lets it");
        }
    }
}
