package dev.rift.cli;

import dev.rift.router.ProxyConfig;
import dev.rift.router.RiftServer;
import dev.rift.storage.UpstreamUrl;
import dev.rift.storage.cluster.LocalCluster;
import dev.rift.web.ApiRoutes;
import dev.rift.web.HttpApiConfig;
import dev.rift.web.HttpApiServer;
import dev.rift.web.OverlayBranches;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * What {@code rift demo} runs: a throwaway PostgreSQL with a sample shop database, rift in front
 * of it, and one branch. Closing it stops both and deletes the throwaway data.
 */
final class Demo implements AutoCloseable {
    /**
     * Not "rift": with a user named like rift's own catalog schema, the default search_path ("$user", public) would
     * put the tables a user creates on main into that schema, which branches never show.
     */
    static final String USER = "shop";
    static final String PASSWORD = "shop";
    static final String DATABASE = "shop";
    static final String BRANCH = "demo";

    private final LocalCluster cluster;
    private final RiftServer server;
    private final String listenHost;
    /** The control API and dashboard; null when the demo runs without them. */
    private final HttpApiServer api;

    private Demo(LocalCluster cluster, RiftServer server, String listenHost, HttpApiServer api) {
        this.cluster = cluster;
        this.server = server;
        this.listenHost = listenHost;
        this.api = api;
    }

    /** The demo with {@code http} the control API's address, or empty for none. */
    static Demo start(HostPort listen, Optional<HttpApiConfig> http) throws SQLException, InterruptedException {
        LocalCluster cluster = LocalCluster.builder().superuser(USER).password(PASSWORD).start();
        try {
            try (Connection c = cluster.connect("postgres"); Statement st = c.createStatement()) {
                st.execute("CREATE DATABASE " + DATABASE);
            }
            try (Connection c = cluster.connect(DATABASE); Statement st = c.createStatement()) {
                st.execute(sampleSchema());
            }
            UpstreamUrl upstream = UpstreamUrl.parse("postgres://" + USER + ":" + PASSWORD + "@" + cluster.host() + ":"
                    + cluster.port() + "/" + DATABASE + "?sslmode=disable");
            RiftServer server = RiftServer.start(ProxyConfig.of(listen.host(), listen.port(), upstream));
            try {
                server.engine().install();
                server.engine().createBranch(BRANCH, null);
                HttpApiServer api = http.isEmpty() ? null
                        : HttpApiServer.start(http.get(), ApiRoutes.of(new OverlayBranches(server, upstream)));
                return new Demo(cluster, server, listen.host(), api);
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
        } catch (SQLException | InterruptedException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    private static String sampleSchema() {
        try (InputStream in = Demo.class.getResourceAsStream("/demo/shop.sql")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return server.port();
    }

    /** The dashboard's address, or null without the control API. */
    String dashboard() {
        return api == null ? null : "http://" + api.host() + ":" + api.port() + "/";
    }

    String url(String branch) {
        return "postgres://" + USER + ":" + PASSWORD + "@" + listenHost + ":" + port() + "/" + branch;
    }

    String upstreamUrl() {
        return "postgres://" + USER + ":" + PASSWORD + "@" + cluster.host() + ":" + cluster.port() + "/" + DATABASE;
    }

    /** What the user is told to try. */
    String instructions() {
        String b = url(BRANCH);
        String m = url("main");
        return String.join("\n",
                "rift demo is ready.",
                "",
                "  upstream:  throwaway PostgreSQL " + cluster.binaries().majorVersion() + " at " + upstreamUrl(),
                "             (a shop: customers, products, orders, order_items)",
                "  rift:      " + listenHost + ":" + port() + "   branch \"" + BRANCH + "\" created from main"
                        + (api == null ? "" : "\n  dashboard: " + dashboard() + "   (branches, their storage and diffs)"),
                "Try:",
                "  psql " + b + " -c \"UPDATE products SET price = price * 2 WHERE id <= 3 RETURNING id, price\"",
                "  psql " + b + " -c \"DELETE FROM customers WHERE id = 1\"       # cascades to its orders, on the branch only",
                "  psql " + m + " -c \"SELECT count(*) FROM orders WHERE customer_id = 1\"   # main is untouched",
                "  ./rift create experiment --upstream " + upstreamUrl(),
                "  ./rift list --upstream " + upstreamUrl(),
                "",
                "Press Ctrl-C to stop; the throwaway database is deleted.");
    }

    void awaitClose() throws InterruptedException {
        server.awaitClose();
    }

    @Override
    public void close() {
        try {
            if (api != null) {
                api.close();
            }
            server.close();
        } finally {
            cluster.close();
        }
    }
}
