package dev.rift.router.tls;

import dev.rift.router.BranchDirectory;
import dev.rift.router.abuse.NettyLeakCheck;
import dev.rift.storage.cluster.ExternalCommand;
import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import dev.rift.testsupport.Await;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.rift.router.tls.ClientTlsFixture.ADDRESS;
import static dev.rift.router.tls.ClientTlsFixture.BRANCH;
import static dev.rift.router.tls.ClientTlsFixture.BRANCH_ROWS;
import static dev.rift.router.tls.ClientTlsFixture.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --client-tls require}: as a PostgreSQL whose pg_hba.conf has only hostssl lines, a client that starts in
 * plain text is refused with 28000 before rift looks up its branch or reaches the upstream. Clients in sslmode
 * allow or prefer get in over TLS (allow after the refusal, as libpq and pgjdbc retry), and cancel requests, which
 * libpq and pgjdbc send in plain text, still work.
 */
@ExtendWith({UpstreamExtension.class, NettyLeakCheck.class})
class ClientTlsRequiredTest {
    @TempDir
    static Path dir;
    private static ClientTlsFixture rift;

    @BeforeAll
    static void start(TestUpstream pg) throws Exception {
        rift = ClientTlsFixture.start(pg, dir, ClientTls.Mode.REQUIRE);
    }

    @AfterAll
    static void stop() {
        if (rift != null) {
            rift.close();
        }
    }

    @Test
    void pgjdbcInPlainTextIsRefusedWith28000AndNothingReachesTheUpstream() throws Exception {
        String app = ClientTlsFixture.clientName();
        long plainBefore = rift.startups("none");

        SQLException refused = assertThrows(SQLException.class, () -> rift.jdbcNamed(app, "disable").close());

        assertEquals("28000", refused.getSQLState(), refused.toString());
        assertTrue(refused.getMessage().contains("SSL required"), refused.getMessage());
        assertEquals(plainBefore + 1, rift.startups("none"));
        assertEquals(0, rift.upstreamSessions(app), "no upstream session was opened for it");
    }

    @Test
    void psqlInPlainTextIsToldThatSslIsRequired() {
        ExternalCommand.Result run = rift.psql(ADDRESS, BranchDirectory.MAIN, "sslmode=disable", "-X", "-c", "SELECT 1");

        assertEquals(2, run.exitCode(), run.stdout());
        assertTrue(run.stderr().contains("FATAL:  SSL required"), run.stderr());
    }

    @ParameterizedTest(name = "sslmode={0}")
    @ValueSource(strings = {"allow", "prefer", "require"})
    void pgjdbcThatAcceptsTlsGetsInOverTls(String sslmode) throws Exception {
        long tlsBefore = rift.startups("tls");
        try (Connection c = rift.jdbc(ADDRESS, BRANCH, sslmode, null, "extended")) {
            assertEquals(BRANCH_ROWS, count(c, "SELECT count(*) FROM items"));
        }
        assertEquals(tlsBefore + 1, rift.startups("tls"), "one startup inside TLS");
    }

    @ParameterizedTest(name = "sslmode={0}")
    @ValueSource(strings = {"allow", "prefer", "require"})
    void psqlThatAcceptsTlsGetsInOverTls(String sslmode) {
        ExternalCommand.Result run = rift.psql(ADDRESS, BRANCH, "sslmode=" + sslmode,
                "-X", "-A", "-t", "-c", "\\conninfo", "-c", "SELECT count(*) FROM items");

        assertEquals(0, run.exitCode(), run.stderr());
        assertTrue(run.stdout().contains("SSL connection (protocol: TLSv1."), run.stdout());
        assertTrue(run.stdout().strip().endsWith("\n" + BRANCH_ROWS), run.stdout());
    }

    @Test
    void aCancelRequestInPlainTextStillCancelsAStatementOfATlsSession() throws Exception {
        String app = ClientTlsFixture.clientName();
        try (Connection c = rift.jdbcNamed(app, "require"); Statement st = c.createStatement()) {
            CompletableFuture<SQLException> sleeping = CompletableFuture.supplyAsync(() -> {
                try {
                    st.execute("SELECT pg_sleep(60)");
                    return null;
                } catch (SQLException e) {
                    return e;
                }
            });
            Await.until("the statement of " + app + " running upstream", Duration.ofSeconds(10), () -> rift.isActive(app));

            st.cancel(); // pgjdbc, as libpq, sends the CancelRequest on a new plain-text connection

            SQLException cancelled = sleeping.get(20, TimeUnit.SECONDS);
            assertEquals("57014", cancelled == null ? "no error" : cancelled.getSQLState());
        }
    }
}
