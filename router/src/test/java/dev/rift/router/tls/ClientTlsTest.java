package dev.rift.router.tls;

import dev.rift.router.BranchDirectory;
import dev.rift.router.abuse.NettyLeakCheck;
import dev.rift.storage.cluster.ExternalCommand;
import dev.rift.storage.testing.TestCertificates;
import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

import static dev.rift.router.tls.ClientTlsFixture.ADDRESS;
import static dev.rift.router.tls.ClientTlsFixture.BRANCH;
import static dev.rift.router.tls.ClientTlsFixture.BRANCH_ROWS;
import static dev.rift.router.tls.ClientTlsFixture.MAIN_ROWS;
import static dev.rift.router.tls.ClientTlsFixture.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * rift with a certificate and the default mode (prefer): clients that ask for TLS get it, on main and on an overlay
 * branch, in both query protocols, and can verify rift's certificate as they would PostgreSQL's; clients that do not
 * ask still connect in plain text. Whether a session is encrypted is seen from both ends: libpq's {@code \conninfo},
 * pgjdbc's verify-full (which only a handshake with rift's certificate passes), and rift's count of TLS startups.
 */
@ExtendWith({UpstreamExtension.class, NettyLeakCheck.class})
class ClientTlsTest {
    private static final String CERTIFIED_NAME = TestCertificates.CERTIFIED_HOST;
    private static final String PSQL_TLS = "SSL connection (protocol: TLSv1.";

    @TempDir
    static Path dir;
    private static ClientTlsFixture rift;

    @BeforeAll
    static void start(TestUpstream pg) throws Exception {
        rift = ClientTlsFixture.start(pg, dir, ClientTls.Mode.PREFER);
    }

    @AfterAll
    static void stop() {
        if (rift != null) {
            rift.close();
        }
    }

    @ParameterizedTest(name = "{0}, {1} protocol")
    @CsvSource({"main, simple, 3", "main, extended, 3", "feature, simple, 2", "feature, extended, 2"})
    void pgjdbcWithSslmodeRequireQueriesMainAndABranchOverTls(String branch, String queryMode, int rows)
            throws Exception {
        long before = rift.startups("tls");
        try (Connection c = rift.jdbc(ADDRESS, branch, "require", null, queryMode)) {
            assertEquals(rows, count(c, "SELECT count(*) FROM items"));
            assertEquals(rows, count(c, "SELECT count(*) FROM items WHERE id <= 3"), "a second statement");
        }
        assertEquals(before + 1, rift.startups("tls"), "rift counted one startup inside TLS");
    }

    @ParameterizedTest(name = "{0}, {1} protocol")
    @CsvSource({"main, simple, 3", "main, extended, 3", "feature, simple, 2", "feature, extended, 2"})
    void pgjdbcWithVerifyFullAcceptsRiftsCertificateForTheNameItCarries(String branch, String queryMode, int rows)
            throws Exception {
        try (Connection c = rift.jdbc(CERTIFIED_NAME, branch, "verify-full", rift.certificates.caCertificate(),
                queryMode)) {
            assertEquals(rows, count(c, "SELECT count(*) FROM items"));
        }
    }

    @Test
    void pgjdbcWithVerifyFullRefusesRiftUnderANameItsCertificateDoesNotCarry() {
        SQLException refused = assertThrows(SQLException.class, () -> rift.jdbc(ADDRESS, BranchDirectory.MAIN,
                "verify-full", rift.certificates.caCertificate(), "extended").close());
        assertEquals("08006", refused.getSQLState(), refused.toString());
    }

    @Test
    void pgjdbcWithVerifyCaRefusesRiftsCertificateAgainstAnotherCa() {
        SQLException refused = assertThrows(SQLException.class, () -> rift.jdbc(CERTIFIED_NAME, BranchDirectory.MAIN,
                "verify-ca", rift.certificates.otherCaCertificate(), "extended").close());
        assertEquals("08006", refused.getSQLState(), refused.toString());
    }

    @Test
    void pgjdbcWithSslmodeDisableStillConnectsInPlainText() throws Exception {
        long before = rift.startups("none");
        try (Connection c = rift.jdbc(ADDRESS, BRANCH, "disable", null, "extended")) {
            assertEquals(BRANCH_ROWS, count(c, "SELECT count(*) FROM items"));
        }
        assertEquals(before + 1, rift.startups("none"), "rift counted one startup in plain text");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"main, 3", "feature, 2"})
    void psqlWithSslmodeRequireReportsAnSslConnectionAndQueries(String branch, int rows) {
        ExternalCommand.Result run = rift.psql(ADDRESS, branch, "sslmode=require",
                "-X", "-A", "-t", "-c", "\\conninfo", "-c", "SELECT count(*) FROM items");

        assertEquals(0, run.exitCode(), run.stderr());
        assertTrue(run.stdout().contains(PSQL_TLS), run.stdout());
        assertTrue(run.stdout().strip().endsWith("\n" + rows), run.stdout());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"main, 3", "feature, 2"})
    void psqlWithVerifyFullAndTheTestCaConnectsToLocalhost(String branch, int rows) {
        ExternalCommand.Result run = rift.psql(CERTIFIED_NAME, branch, "sslmode=verify-full sslrootcert="
                + rift.certificates.caCertificate(), "-X", "-A", "-t", "-c", "\\conninfo", "-c",
                "SELECT count(*) FROM items");

        assertEquals(0, run.exitCode(), run.stderr());
        assertTrue(run.stdout().contains(PSQL_TLS), run.stdout());
        assertTrue(run.stdout().strip().endsWith("\n" + rows), run.stdout());
    }

    /** psql 15 has no {@code \bind}: pgbench is the libpq client that speaks the extended protocol. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"main", "feature"})
    void libpqInTheExtendedProtocolRunsItsStatementsOverTls(String branch) throws Exception {
        Path script = Files.writeString(dir.resolve("count-" + branch + ".sql"),
                "\\set id random(1, 3)\nSELECT name FROM items WHERE id = :id;\n");
        long tlsBefore = rift.startups("tls");
        long plainBefore = rift.startups("none");

        ExternalCommand.Result run = rift.pgbench(ADDRESS, branch, "sslmode=require",
                "-n", "-M", "extended", "-t", "20", "-f", script.toString());

        assertEquals(0, run.exitCode(), run.stderr());
        assertTrue(run.stdout().contains("number of transactions actually processed: 20/20"), run.stdout());
        assertTrue(rift.startups("tls") > tlsBefore, "pgbench's sessions started inside TLS");
        assertEquals(plainBefore, rift.startups("none"), "and none in plain text");
    }

    @Test
    void psqlWithVerifyFullRefusesAnAddressTheCertificateDoesNotName() {
        ExternalCommand.Result run = rift.psql(ADDRESS, BranchDirectory.MAIN, "sslmode=verify-full sslrootcert="
                + rift.certificates.caCertificate(), "-X", "-c", "SELECT 1");

        assertEquals(2, run.exitCode(), run.stdout());
        assertTrue(run.stderr().contains("does not match host name"), run.stderr());
    }

    @Test
    void psqlWithSslmodeDisableConnectsInPlainText() {
        ExternalCommand.Result run = rift.psql(ADDRESS, BranchDirectory.MAIN, "sslmode=disable",
                "-X", "-A", "-t", "-c", "\\conninfo", "-c", "SELECT count(*) FROM items");

        assertEquals(0, run.exitCode(), run.stderr());
        assertFalse(run.stdout().contains("SSL connection"), run.stdout());
        assertTrue(run.stdout().strip().endsWith("\n" + MAIN_ROWS), run.stdout());
    }
}
