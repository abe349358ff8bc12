package dev.rift.router.tls;

import dev.rift.router.ProxyConfig;
import dev.rift.router.RiftServer;
import dev.rift.router.proxy.CommandLineClient;
import dev.rift.router.proxy.Endpoint;
import dev.rift.storage.UpstreamUrl;
import dev.rift.storage.cluster.ExternalCommand;
import dev.rift.storage.testing.TestCertificates;
import dev.rift.storage.testing.TestUpstream;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An upstream database of three items, with a branch {@value #BRANCH} that deleted one, served by a rift with
 * {@link ClientTls} as the test gives it, and a certificate for {@code localhost} signed by a test CA. Clients
 * name themselves with an application_name of their own, so their upstream sessions can be found.
 */
final class ClientTlsFixture implements AutoCloseable {
    static final String BRANCH = "feature";
    static final String ADDRESS = "127.0.0.1";
    /** The rows of {@code items} on main, and on the branch after its DELETE. */
    static final int MAIN_ROWS = 3;
    static final int BRANCH_ROWS = 2;
    private static final Duration PSQL_LIMIT = Duration.ofSeconds(30);
    private static final Pattern TLS_STARTUPS = Pattern.compile("rift_client_startups_total\\{encryption=\"(\\w+)\"} (\\S+)");

    final TestUpstream pg;
    final String db;
    final TestCertificates certificates;
    final RiftServer rift;

    private ClientTlsFixture(TestUpstream pg, String db, TestCertificates certificates, RiftServer rift) {
        this.pg = pg;
        this.db = db;
        this.certificates = certificates;
        this.rift = rift;
    }

    /** {@code mode} null: rift without a certificate. */
    static ClientTlsFixture start(TestUpstream pg, Path dir, ClientTls.Mode mode) throws Exception {
        TestCertificates certificates = TestCertificates.create(dir);
        ClientTls tls = mode == null ? ClientTls.DISABLED : ClientTls.of(mode, new ServerCertificate(
                ServerCertificate.readChain(certificates.serverCertificate()),
                ServerCertificate.readKey(certificates.serverKey())));
        String db = pg.createDatabase();
        try (Connection c = pg.connect(db); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE items (id int PRIMARY KEY, name text)");
            st.execute("INSERT INTO items VALUES (1, 'one'), (2, 'two'), (3, 'three')");
        }
        RiftServer rift = RiftServer.start(ProxyConfig.of(ADDRESS, 0, UpstreamUrl.parse(pg.url(db))).withClientTls(tls));
        try {
            rift.engine().install();
            rift.engine().createBranch(BRANCH, "main");
            try (Connection c = DriverManager.getConnection(jdbcUrl(rift.port(), ADDRESS, BRANCH),
                    properties(pg, mode == ClientTls.Mode.REQUIRE ? "require" : "prefer", null, "extended"));
                 Statement st = c.createStatement()) {
                st.execute("DELETE FROM items WHERE id = 3");
            }
            return new ClientTlsFixture(pg, db, certificates, rift);
        } catch (Exception | AssertionError e) {
            rift.close();
            pg.dropDatabase(db);
            throw e;
        }
    }

    /** pgjdbc to rift as {@code host} (a name or an address), with sslmode and query mode as given. */
    Connection jdbc(String host, String branch, String sslmode, Path rootCertificate, String queryMode)
            throws SQLException {
        return DriverManager.getConnection(jdbcUrl(rift.port(), host, branch),
                properties(pg, sslmode, rootCertificate, queryMode));
    }

    /** pgjdbc to main as {@code applicationName}, so its upstream session can be found. */
    Connection jdbcNamed(String applicationName, String sslmode) throws SQLException {
        Properties p = properties(pg, sslmode, null, "extended");
        p.setProperty("ApplicationName", applicationName);
        return DriverManager.getConnection(jdbcUrl(rift.port(), ADDRESS, "main"), p);
    }

    /** pgjdbc straight to the upstream (which has no TLS): the reference for a client's own errors. */
    Connection jdbcToUpstream(String sslmode) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + pg.host() + ":" + pg.port() + "/" + db,
                properties(pg, sslmode, null, "extended"));
    }

    /** psql straight to the upstream, the same way as {@link #psql}. */
    ExternalCommand.Result psqlToUpstream(String keywords, String... arguments) {
        Endpoint endpoint = new Endpoint("tls", pg.host(), pg.port(), "dbname=" + db + " " + keywords, pg.user(),
                pg.password());
        return CommandLineClient.psql(pg).run(endpoint, PSQL_LIMIT, arguments);
    }

    /** A fresh application_name, so a client's upstream session can be told from every other. */
    static String clientName() {
        return "rift-tls-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** psql to rift as {@code host} with extra connection keywords ({@code "sslmode=require ..."}) and arguments. */
    ExternalCommand.Result psql(String host, String branch, String keywords, String... arguments) {
        return libpq(CommandLineClient.psql(pg), host, branch, keywords, arguments);
    }

    /** pgbench the same way: libpq in the extended protocol with {@code -M extended}. */
    ExternalCommand.Result pgbench(String host, String branch, String keywords, String... arguments) {
        return libpq(CommandLineClient.pgbench(pg), host, branch, keywords, arguments);
    }

    private ExternalCommand.Result libpq(CommandLineClient program, String host, String branch, String keywords,
                                         String... arguments) {
        Endpoint endpoint = new Endpoint("tls", host, rift.port(), "dbname=" + branch + " " + keywords, pg.user(),
                pg.password());
        return program.run(endpoint, PSQL_LIMIT, arguments);
    }

    /** How many StartupMessages rift has counted so far with or without TLS ({@code tls} / {@code none}). */
    long startups(String encryption) {
        Matcher m = TLS_STARTUPS.matcher(rift.metrics().scrape());
        while (m.find()) {
            if (m.group(1).equals(encryption)) {
                return (long) Double.parseDouble(m.group(2));
            }
        }
        return 0;
    }

    /** Upstream sessions of the database named with {@code applicationName}. */
    int upstreamSessions(String applicationName) throws SQLException {
        return sessions(applicationName, "");
    }

    /** Whether the session named {@code applicationName} is running a statement. */
    boolean isActive(String applicationName) throws SQLException {
        return sessions(applicationName, " AND state = 'active'") > 0;
    }

    private int sessions(String applicationName, String condition) throws SQLException {
        try (Connection c = pg.connect(db);
             PreparedStatement ps = c.prepareStatement(
                     "SELECT count(*) FROM pg_stat_activity WHERE application_name = ?" + condition)) {
            ps.setString(1, applicationName);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                return rs.getInt(1);
            }
        }
    }

    static long count(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            assertTrue(rs.next());
            return rs.getLong(1);
        }
    }

    private static String jdbcUrl(int port, String host, String branch) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + branch;
    }

    private static Properties properties(TestUpstream pg, String sslmode, Path rootCertificate, String queryMode) {
        Properties p = new Properties();
        p.setProperty("user", pg.user());
        p.setProperty("password", pg.password());
        p.setProperty("sslmode", sslmode);
        if (rootCertificate != null) {
            p.setProperty("sslrootcert", rootCertificate.toString());
        }
        p.setProperty("preferQueryMode", queryMode);
        p.setProperty("connectTimeout", "10");
        p.setProperty("socketTimeout", "30");
        return p;
    }

    @Override
    public void close() {
        try {
            rift.close();
        } finally {
            pg.dropDatabase(db);
        }
    }
}
