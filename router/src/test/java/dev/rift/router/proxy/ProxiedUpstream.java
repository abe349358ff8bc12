package dev.rift.router.proxy;

import dev.rift.router.BranchDirectory;
import dev.rift.router.ConnectionLimits;
import dev.rift.router.ProxyConfig;
import dev.rift.router.ProxyServer;
import dev.rift.storage.UpstreamUrl;
import dev.rift.storage.testing.TestUpstream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A fresh database on the test upstream with a rift proxy in front of it whose branch
 * {@code main} is that database: one per test class, so classes never see each other's tables.
 *
 * <pre>{@code
 * private static ProxiedUpstream proxy;
 * @BeforeAll static void start(TestUpstream pg) throws Exception { proxy = ProxiedUpstream.start(pg); }
 * @AfterAll static void stop() { proxy.close(); }
 * }</pre>
 */
public final class ProxiedUpstream implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ProxiedUpstream.class);
    private static final String LISTEN_HOST = "127.0.0.1";

    private final TestUpstream upstream;
    private final String database;
    private final ProxyServer server;

    private ProxiedUpstream(TestUpstream upstream, String database, ProxyServer server) {
        this.upstream = upstream;
        this.database = database;
        this.server = server;
    }

    /** Creates a fresh database and starts rift on a free port with {@code main} pointing at it. */
    public static ProxiedUpstream start(TestUpstream upstream) throws InterruptedException {
        String db = upstream.createDatabase();
        try {
            // The tests may use every connection the upstream takes (ManyClientsThroughProxyTest opens hundreds).
            ProxyServer server = ProxyServer.start(ProxyConfig.of(LISTEN_HOST, 0, UpstreamUrl.parse(upstream.url())
                    .withDatabase(db)).withLimits(ConnectionLimits.DEFAULT.withMaxUpstreamConn(maxConnections(upstream))));
            log.info("rift on {}:{} in front of database {} of {}", LISTEN_HOST, server.port(), db, upstream);
            return new ProxiedUpstream(upstream, db, server);
        } catch (InterruptedException | RuntimeException e) {
            upstream.dropDatabase(db);
            throw e;
        }
    }

    private static int maxConnections(TestUpstream upstream) {
        try (Connection c = upstream.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW max_connections")) {
            rs.next();
            return Integer.parseInt(rs.getString(1));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the test upstream's max_connections", e);
        }
    }

    public TestUpstream upstream() {
        return upstream;
    }

    /** The upstream database behind branch {@code main}. */
    public String database() {
        return database;
    }

    public ProxyServer server() {
        return server;
    }

    /** PostgreSQL itself: the database behind {@code main}, reached without rift. */
    public Endpoint direct() {
        return new Endpoint("direct", upstream.host(), upstream.port(), database, upstream.user(), upstream.password());
    }

    /** The same database through rift: branch {@code main}. */
    public Endpoint proxied() {
        return new Endpoint("rift", LISTEN_HOST, server.port(), BranchDirectory.MAIN, upstream.user(),
                upstream.password());
    }

    /** Direct as the reference, rift as the side under test. */
    public SideBySide sideBySide() {
        return new SideBySide(direct(), proxied());
    }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            upstream.dropDatabase(database);
        }
    }
}
