package dev.rift.web.dashboard;

import dev.rift.router.ProxyConfig;
import dev.rift.router.RiftServer;
import dev.rift.storage.UpstreamUrl;
import dev.rift.storage.testing.TestUpstream;
import dev.rift.web.ApiRoutes;
import dev.rift.web.HttpApiConfig;
import dev.rift.web.HttpApiServer;
import dev.rift.web.OverlayBranches;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * What `rift serve` runs, on free ports: a fresh upstream database, the proxy in overlay mode, and the control API
 * with the dashboard page next to it.
 */
final class DashboardServer implements AutoCloseable {
    final TestUpstream pg;
    final String db;
    final RiftServer rift;
    final HttpApiServer http;

    private DashboardServer(TestUpstream pg, String db, RiftServer rift, HttpApiServer http) {
        this.pg = pg;
        this.db = db;
        this.rift = rift;
        this.http = http;
    }

    /** Serves a fresh database made by {@code setup}; {@code token} null for an API without one. */
    static DashboardServer start(TestUpstream pg, String token, String... setup) throws Exception {
        String db = pg.createDatabase();
        try (Connection c = pg.connect(db); Statement st = c.createStatement()) {
            for (String sql : setup) {
                st.execute(sql);
            }
        }
        UpstreamUrl upstream = UpstreamUrl.parse(pg.url(db));
        RiftServer rift = RiftServer.start(ProxyConfig.of("127.0.0.1", 0, upstream));
        try {
            rift.engine().install();
            HttpApiServer http = HttpApiServer.start(new HttpApiConfig("127.0.0.1", 0, token),
                    ApiRoutes.of(new OverlayBranches(rift, upstream)));
            return new DashboardServer(pg, db, rift, http);
        } catch (Exception | Error e) {
            rift.close();
            pg.dropDatabase(db);
            throw e;
        }
    }

    int proxyPort() {
        return rift.port();
    }

    String user() {
        return pg.user();
    }

    String pageUrl() {
        return "http://127.0.0.1:" + http.port() + "/";
    }

    String apiUrl(String path) {
        return "http://127.0.0.1:" + http.port() + path;
    }

    /** A pgjdbc session on {@code branch} through the proxy, the way an application connects. */
    Connection branch(String branch) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", pg.user());
        p.setProperty("password", pg.password());
        p.setProperty("socketTimeout", "60");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + rift.port() + "/" + branch, p);
    }

    Connection upstream() throws SQLException {
        return pg.connect(db);
    }

    @Override
    public void close() {
        try {
            http.close();
        } finally {
            try {
                rift.close();
            } finally {
                pg.dropDatabase(db);
            }
        }
    }
}
