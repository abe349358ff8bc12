package dev.rift.router.control;

import dev.rift.storage.UpstreamUrl;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
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
    public Connection open(String target) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", upstream.user());
        if (upstream.password() != null) {
            p.setProperty("password", upstream.password());
        }
        if ("main".equals(target)) {
            return DriverManager.getConnection(upstream.jdbcUrl(), p);
        }
        p.setProperty("sslmode", "disable");
        return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port.getAsInt() + "/" + target, p);
    }
}
