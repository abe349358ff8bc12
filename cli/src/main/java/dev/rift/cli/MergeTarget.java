package dev.rift.cli;

import dev.rift.router.ProxyConfig;
import dev.rift.router.RiftServer;
import dev.rift.storage.UpstreamUrl;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * A connection to where a merge lands: the upstream itself for {@code main}; for a branch, a session on it through
 * a proxy this command runs on a free loopback port, so the branch's own overlay takes the writes (copy-ups,
 * constraint checks, DDL) exactly as a client's would.
 */
final class MergeTarget implements AutoCloseable {
    private final RiftServer server;
    private final Connection connection;

    private MergeTarget(RiftServer server, Connection connection) {
        this.server = server;
        this.connection = connection;
    }

    static MergeTarget open(UpstreamUrl upstream, String target) throws SQLException, InterruptedException {
        Properties p = new Properties();
        p.setProperty("user", upstream.user());
        if (upstream.password() != null) {
            p.setProperty("password", upstream.password());
        }
        if ("main".equals(target)) {
            return new MergeTarget(null, DriverManager.getConnection(upstream.jdbcUrl(), p));
        }
        RiftServer server = RiftServer.start(ProxyConfig.of("127.0.0.1", 0, upstream));
        try {
            p.setProperty("sslmode", "disable");
            return new MergeTarget(server, DriverManager.getConnection(
                    "jdbc:postgresql://127.0.0.1:" + server.port() + "/" + target, p));
        } catch (SQLException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    Connection connection() {
        return connection;
    }

    @Override
    public void close() throws SQLException {
        try (connection) {
            // closes the session before the proxy under it
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }
}
