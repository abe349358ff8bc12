package dev.rift.router.tls;

import dev.rift.router.BranchDirectory;
import dev.rift.router.ProxyConfig;
import dev.rift.router.ProxyServer;
import dev.rift.router.abuse.NettyLeakCheck;
import dev.rift.storage.SslMode;
import dev.rift.storage.UpstreamUrl;
import dev.rift.storage.cluster.PgBinaries;
import dev.rift.storage.testing.TestCertificates;
import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * rift honours the sslmode (and sslrootcert) of its upstream URL as libpq does. The client side
 * is always plain pgjdbc to rift; what is checked is rift's own connection to the upstream, from
 * the upstream's point of view ({@code pg_stat_ssl} of the session) or by the error the client
 * gets. pgjdbc connecting directly with the same settings is the reference for each verdict.
 */
@ExtendWith({UpstreamExtension.class, NettyLeakCheck.class})
class UpstreamSslModeTest {
    /** The address the servers listen on; not named by the server certificate. */
    private static final String ADDRESS = "127.0.0.1";
    private static final String CERTIFIED_NAME = TestCertificates.CERTIFIED_HOST;

    private static TlsServers servers;
    private static Path ca;
    private static Path otherCa;

    @BeforeAll
    static void start(TestUpstream pg) throws Exception {
        servers = TlsServers.start(pg.binaries() != null ? pg.binaries() : PgBinaries.locate());
        ca = servers.certificates().caCertificate();
        otherCa = servers.certificates().otherCaCertificate();
    }

    @AfterAll
    static void stop() {
        if (servers != null) {
            servers.close();
        }
    }

    @Test
    void sslmodeRequireReachesATlsOnlyServerOverTls() throws Exception {
        Outcome viaRift = throughRift(servers.upstream(servers.tlsOnlyPort(), ADDRESS, SslMode.REQUIRE, null));

        assertEquals(Outcome.CONNECTED_WITH_TLS, viaRift);
    }

    @Test
    void sslmodeDisableAgainstATlsOnlyServerGivesTheClientTheServersOwnRefusal() throws Exception {
        Outcome direct = directly(servers.tlsOnlyPort(), ADDRESS, SslMode.DISABLE, null);
        Outcome viaRift = throughRift(servers.upstream(servers.tlsOnlyPort(), ADDRESS, SslMode.DISABLE, null));

        assertFalse(direct.connected(), "the server refuses plain text: " + direct);
        assertEquals(direct, viaRift, "rift relays PostgreSQL's FATAL unchanged");
    }

    @Test
    void sslmodePreferUsesTlsWhenTheServerOffersIt() throws Exception {
        Outcome direct = directly(servers.tlsOnlyPort(), ADDRESS, SslMode.PREFER, null);
        Outcome viaRift = throughRift(servers.upstream(servers.tlsOnlyPort(), ADDRESS, SslMode.PREFER, null));

        assertEquals(Outcome.CONNECTED_WITH_TLS, direct);
        assertEquals(direct, viaRift);
    }

    @Test
    void sslmodePreferFallsBackToPlainTextWhenTheServerHasNoTls() throws Exception {
        Outcome direct = directly(servers.plainPort(), ADDRESS, SslMode.PREFER, null);
        Outcome viaRift = throughRift(servers.upstream(servers.plainPort(), ADDRESS, SslMode.PREFER, null));

        assertEquals(Outcome.CONNECTED_IN_PLAIN_TEXT, direct);
        assertEquals(direct, viaRift);
    }

    @Test
    void sslmodeRequireAgainstAServerWithoutTlsFailsWithAnErrorNamingSsl() throws Exception {
        Outcome direct = directly(servers.plainPort(), ADDRESS, SslMode.REQUIRE, null);
        Outcome viaRift = throughRift(servers.upstream(servers.plainPort(), ADDRESS, SslMode.REQUIRE, null));

        assertFalse(direct.connected(), "pgjdbc refuses too: " + direct);
        assertRefusedByRift(viaRift, "SSL");
    }

    @Test
    void verifyCaAcceptsACertificateFromTheGivenRootWithoutCheckingTheHostName() throws Exception {
        Outcome direct = directly(servers.tlsOnlyPort(), ADDRESS, SslMode.VERIFY_CA, ca);
        Outcome viaRift = throughRift(servers.upstream(servers.tlsOnlyPort(), ADDRESS, SslMode.VERIFY_CA, ca));

        assertEquals(Outcome.CONNECTED_WITH_TLS, direct);
        assertEquals(direct, viaRift);
    }

    @Test
    void verifyCaRefusesACertificateThatTheGivenRootDidNotSign() throws Exception {
        Outcome direct = directly(servers.tlsOnlyPort(), ADDRESS, SslMode.VERIFY_CA, otherCa);
        Outcome viaRift = throughRift(servers.upstream(servers.tlsOnlyPort(), ADDRESS, SslMode.VERIFY_CA, otherCa));

        assertFalse(direct.connected(), "pgjdbc refuses too: " + direct);
        assertRefusedByRift(viaRift, "TLS");
    }

    @Test
    void verifyFullAcceptsTheHostNameTheCertificateNames() throws Exception {
        Outcome direct = directly(servers.tlsOnlyPort(), CERTIFIED_NAME, SslMode.VERIFY_FULL, ca);
        Outcome viaRift = throughRift(servers.upstream(servers.tlsOnlyPort(), CERTIFIED_NAME, SslMode.VERIFY_FULL, ca));

        assertEquals(Outcome.CONNECTED_WITH_TLS, direct);
        assertEquals(direct, viaRift);
    }

    @Test
    void verifyFullRefusesAnAddressTheCertificateDoesNotName() throws Exception {
        Outcome direct = directly(servers.tlsOnlyPort(), ADDRESS, SslMode.VERIFY_FULL, ca);
        Outcome viaRift = throughRift(servers.upstream(servers.tlsOnlyPort(), ADDRESS, SslMode.VERIFY_FULL, ca));

        assertFalse(direct.connected(), "pgjdbc refuses too: " + direct);
        assertRefusedByRift(viaRift, "TLS");
    }

    /** rift itself ended the session before reaching the upstream: 08006 and a message naming the cause. */
    private static void assertRefusedByRift(Outcome viaRift, String cause) {
        assertEquals("08006", viaRift.sqlState(), "SQLSTATE of " + viaRift);
        assertTrue(viaRift.message().contains(cause), "the message names " + cause + ": " + viaRift.message());
    }

    /** Plain pgjdbc to a rift in front of {@code upstream}; asks the upstream whether its session is encrypted. */
    private static Outcome throughRift(UpstreamUrl upstream) throws Exception {
        try (ProxyServer rift = ProxyServer.start(ProxyConfig.of(ADDRESS, 0, upstream))) {
            return connect("jdbc:postgresql://" + ADDRESS + ":" + rift.port() + "/" + BranchDirectory.MAIN
                    + "?sslmode=disable");
        }
    }

    private static Outcome directly(int port, String host, SslMode mode, Path rootCertificate) {
        return connect(servers.directJdbcUrl(port, host, mode, rootCertificate));
    }

    private static Outcome connect(String jdbcUrl) {
        Properties p = new Properties();
        p.setProperty("user", TlsServers.USER);
        p.setProperty("password", servers.password());
        p.setProperty("connectTimeout", "10");
        p.setProperty("socketTimeout", "30");
        try (Connection c = DriverManager.getConnection(jdbcUrl, p);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
            rs.next();
            return rs.getBoolean(1) ? Outcome.CONNECTED_WITH_TLS : Outcome.CONNECTED_IN_PLAIN_TEXT;
        } catch (SQLException e) {
            return Outcome.refused(e);
        }
    }

    /**
     * How a connection attempt went: connected (with or without TLS), or refused with the
     * server's error (SQLSTATE, severity and message as PostgreSQL or rift sent them), or with
     * pgjdbc's own when the driver gave up by itself.
     */
    record Outcome(boolean connected, boolean encrypted, String sqlState, String severity, String message) {
        static final Outcome CONNECTED_WITH_TLS = new Outcome(true, true, null, null, null);
        static final Outcome CONNECTED_IN_PLAIN_TEXT = new Outcome(true, false, null, null, null);

        static Outcome refused(SQLException e) {
            ServerErrorMessage server = e instanceof PSQLException p ? p.getServerErrorMessage() : null;
            return server != null
                    ? new Outcome(false, false, server.getSQLState(), server.getSeverity(), server.getMessage())
                    : new Outcome(false, false, e.getSQLState(), "(pgjdbc)", e.getMessage());
        }
    }
}
