package dev.rift.router.tls;

import dev.rift.router.BranchDirectory;
import dev.rift.router.abuse.NettyLeakCheck;
import dev.rift.storage.cluster.ExternalCommand;
import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

import static dev.rift.router.tls.ClientTlsFixture.ADDRESS;
import static dev.rift.router.tls.ClientTlsFixture.BRANCH;
import static dev.rift.router.tls.ClientTlsFixture.BRANCH_ROWS;
import static dev.rift.router.tls.ClientTlsFixture.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * rift without a certificate answers SSLRequest 'N', as a PostgreSQL with ssl=off (the test upstream): a client
 * that requires TLS gives up with its usual error, the same as against that PostgreSQL, and one that prefers it goes
 * on in plain text.
 */
@ExtendWith({UpstreamExtension.class, NettyLeakCheck.class})
class NoClientCertificateTest {
    @TempDir
    static Path dir;
    private static ClientTlsFixture rift;

    @BeforeAll
    static void start(TestUpstream pg) throws Exception {
        rift = ClientTlsFixture.start(pg, dir, null);
    }

    @AfterAll
    static void stop() {
        if (rift != null) {
            rift.close();
        }
    }

    @Test
    void pgjdbcWithSslmodeRequireGivesUpAsItDoesAgainstPostgresqlWithoutTls() {
        SQLException direct = assertThrows(SQLException.class, () -> rift.jdbcToUpstream("require").close());
        SQLException viaRift = assertThrows(SQLException.class,
                () -> rift.jdbc(ADDRESS, BranchDirectory.MAIN, "require", null, "extended").close());

        assertEquals(direct.getSQLState(), viaRift.getSQLState());
        assertEquals(direct.getMessage(), viaRift.getMessage());
        assertTrue(viaRift.getMessage().contains("does not support SSL"), viaRift.getMessage());
    }

    @Test
    void psqlWithSslmodeRequireGivesUpAsItDoesAgainstPostgresqlWithoutTls() {
        ExternalCommand.Result direct = rift.psqlToUpstream("sslmode=require", "-X", "-c", "SELECT 1");
        ExternalCommand.Result viaRift = rift.psql(ADDRESS, BranchDirectory.MAIN, "sslmode=require", "-X", "-c",
                "SELECT 1");

        String reason = "server does not support SSL, but SSL was required";
        assertTrue(direct.stderr().contains(reason), direct.stderr());
        assertTrue(viaRift.stderr().contains(reason), viaRift.stderr());
        assertEquals(direct.exitCode(), viaRift.exitCode());
    }

    @Test
    void pgjdbcWithSslmodePreferGoesOnInPlainText() throws Exception {
        long plainBefore = rift.startups("none");
        try (Connection c = rift.jdbc(ADDRESS, BRANCH, "prefer", null, "simple")) {
            assertEquals(BRANCH_ROWS, count(c, "SELECT count(*) FROM items"));
        }
        assertEquals(plainBefore + 1, rift.startups("none"));
        assertEquals(0, rift.startups("tls"));
    }

    @Test
    void psqlWithSslmodePreferGoesOnInPlainText() {
        ExternalCommand.Result run = rift.psql(ADDRESS, BRANCH, "sslmode=prefer",
                "-X", "-A", "-t", "-c", "\\conninfo", "-c", "SELECT count(*) FROM items");

        assertEquals(0, run.exitCode(), run.stderr());
        assertFalse(run.stdout().contains("SSL connection"), run.stdout());
        assertTrue(run.stdout().strip().endsWith("\n" + BRANCH_ROWS), run.stdout());
    }
}
