package dev.rift.router.abuse;

import dev.rift.router.BranchDirectory;
import dev.rift.router.ProxyConfig;
import dev.rift.router.ProxyServer;
import dev.rift.router.tls.ClientTls;
import dev.rift.storage.UpstreamUrl;
import dev.rift.storage.testing.TestUpstream;
import dev.rift.testsupport.Await;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A rift proxy for one test class of hostile clients, with a well-behaved pgjdbc client connected
 * through it before any abuse starts and kept open throughout, so each test can check that
 * others' garbage never reaches it. Closing it checks that nothing outlived the proxy: no
 * upstream session of an abusive client, no thread.
 *
 * <p>Every abusive client that gets as far as a StartupMessage names itself with an
 * {@code application_name} under {@link #ABUSIVE_PREFIX}, so its upstream session, if any, can be
 * found in {@code pg_stat_activity}.
 */
final class AbusedProxy implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AbusedProxy.class);

    /** Small, so "longer than the maximum" is cheap to announce and the limit is clearly rift's. */
    static final int MAX_FRAME = 64 * 1024;
    static final String ABUSIVE_PREFIX = "rift-abuse-";
    private static final String HEALTHY_APP = "rift-healthy-client";
    private static final String HOST = "127.0.0.1";
    static final Duration ANSWER_LIMIT = Duration.ofSeconds(5);
    private static final Duration CLEANUP_LIMIT = Duration.ofSeconds(10);

    private final TestUpstream pg;
    private final Connection observer;
    private final ThreadCensus threadsBefore;
    private final ProxyServer server;
    private final Connection healthy;

    private AbusedProxy(TestUpstream pg, Connection observer, ThreadCensus threadsBefore, ProxyServer server,
                        Connection healthy) {
        this.pg = pg;
        this.observer = observer;
        this.threadsBefore = threadsBefore;
        this.server = server;
        this.healthy = healthy;
    }

    /** Short, so the test of a silent client does not wait PostgreSQL's full minute. */
    static final java.time.Duration STARTUP_TIMEOUT = java.time.Duration.ofSeconds(2);

    static AbusedProxy start(TestUpstream pg) throws Exception {
        return start(pg, ClientTls.DISABLED);
    }

    /** The same with TLS toward clients as given; the healthy client then uses TLS if it is offered. */
    static AbusedProxy start(TestUpstream pg, ClientTls tls) throws Exception {
        // Connected before the census and kept until after it: pgjdbc starts its cleaner thread
        // with its first connection, which must not count against the proxy.
        Connection observer = pg.connect();
        ThreadCensus census = ThreadCensus.take();
        ProxyServer server = null;
        try {
            server = ProxyServer.start(new ProxyConfig(HOST, 0, UpstreamUrl.parse(pg.url()), MAX_FRAME, STARTUP_TIMEOUT,
                    tls));
            Properties p = new Properties();
            p.setProperty("user", pg.user());
            p.setProperty("password", pg.password());
            p.setProperty("ApplicationName", HEALTHY_APP);
            p.setProperty("socketTimeout", "30"); // a hang in rift fails the test instead of stalling the run
            Connection healthy = DriverManager.getConnection(
                    "jdbc:postgresql://" + HOST + ":" + server.port() + "/" + BranchDirectory.MAIN, p);
            log.info("rift on port {} (max frame {} bytes) in front of {}", server.port(), MAX_FRAME, pg);
            return new AbusedProxy(pg, observer, census, server, healthy);
        } catch (SQLException | InterruptedException | RuntimeException e) {
            try (observer) {
                if (server != null) {
                    server.close();
                }
            }
            throw e;
        }
    }

    /** A fresh application_name for one abusive client. */
    static String abusiveName() {
        return ABUSIVE_PREFIX + UUID.randomUUID().toString().substring(0, 8);
    }

    /** What a well-formed client sends rift at startup, naming itself {@code applicationName}. */
    Map<String, String> startupThroughRift(String applicationName) {
        return startup(BranchDirectory.MAIN, applicationName);
    }

    /**
     * How many bytes longer a startup packet gets when rift forwards it: it replaces the branch
     * name {@code main} in the database parameter with the upstream's database name.
     */
    int growthOfStartupThroughRift() {
        return pg.database().getBytes(StandardCharsets.UTF_8).length
                - BranchDirectory.MAIN.getBytes(StandardCharsets.UTF_8).length;
    }

    /** The same, for PostgreSQL itself. */
    Map<String, String> startupDirect(String applicationName) {
        return startup(pg.database(), applicationName);
    }

    private Map<String, String> startup(String database, String applicationName) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("user", pg.user());
        m.put("database", database);
        m.put("application_name", applicationName);
        return m;
    }

    RawPgClient connectRaw() throws IOException {
        return RawPgClient.connect(HOST, server.port());
    }

    RawPgClient connectRawToPostgres() throws IOException {
        return RawPgClient.connect(pg.host(), pg.port());
    }

    /** A raw client through rift in a fully started session. */
    RawPgClient authenticatedThroughRift(String applicationName) throws IOException {
        RawPgClient c = connectRaw();
        try {
            c.authenticate(startupThroughRift(applicationName), pg.password());
            return c;
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** A raw client in a fully started session with PostgreSQL itself, the reference. */
    RawPgClient authenticatedDirect(String applicationName) throws IOException {
        RawPgClient c = connectRawToPostgres();
        try {
            c.authenticate(startupDirect(applicationName), pg.password());
            return c;
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    String password() {
        return pg.password();
    }

    Connection healthyClient() {
        return healthy;
    }

    /** The client connected before the abuse still gets answers on its own session. */
    void assertHealthyClientStillServed() throws SQLException {
        try (Statement s = healthy.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
            rs.next();
            assertEquals(1, rs.getInt(1), "SELECT 1 on the healthy client's session");
        }
    }

    /** The upstream PID of the healthy client's session, as PostgreSQL knows it. */
    int healthyClientUpstreamPid() throws SQLException {
        return observe("SELECT pid FROM pg_stat_activity WHERE application_name = ?", HEALTHY_APP);
    }

    /** Whether the healthy client's session is running a statement right now. */
    boolean healthyClientIsActive() throws SQLException {
        return observe("SELECT count(*) FROM pg_stat_activity WHERE application_name = ? AND state = 'active'",
                HEALTHY_APP) == 1;
    }

    /** Upstream sessions whose application_name starts with {@code prefix}. */
    int upstreamSessions(String prefix) throws SQLException {
        return observe("SELECT count(*) FROM pg_stat_activity WHERE starts_with(application_name, ?)", prefix);
    }

    /** A number from pg_stat_activity, read beside rift rather than through it. */
    private int observe(String sql, String parameter) throws SQLException {
        try (PreparedStatement ps = observer.prepareStatement(sql)) {
            ps.setString(1, parameter);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("no row from " + sql + " for " + parameter);
                }
                return rs.getInt(1);
            }
        }
    }

    void awaitNoUpstreamSessions(String prefix) throws Exception {
        Await.until("no upstream session left for " + prefix + "*", CLEANUP_LIMIT,
                () -> upstreamSessions(prefix) == 0, () -> sessionsSafely(prefix) + " sessions");
    }

    private String sessionsSafely(String prefix) {
        try {
            return Integer.toString(upstreamSessions(prefix));
        } catch (SQLException e) {
            return "unknown (" + e.getSQLState() + " " + e.getMessage() + ")";
        }
    }

    /**
     * Checks that no abusive client left an upstream session behind while rift still runs, then
     * stops rift and checks that none of its threads outlived it.
     */
    @Override
    public void close() throws Exception {
        try (observer) {
            try {
                awaitNoUpstreamSessions(ABUSIVE_PREFIX);
            } finally {
                try {
                    healthy.close();
                } finally {
                    server.close();
                }
            }
            threadsBefore.awaitBackToBaseline(CLEANUP_LIMIT);
        }
    }
}
