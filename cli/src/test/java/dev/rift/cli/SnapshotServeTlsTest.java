package dev.rift.cli;

import dev.rift.storage.cluster.FreePort;
import dev.rift.storage.testing.SnapshotPools;
import dev.rift.storage.testing.TestCertificates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code rift serve --pool} takes the same TLS settings as overlay mode: its branches are served over TLS too. */
class SnapshotServeTlsTest {
    private static final String PASSWORD = "rift-tls";
    @TempDir
    Path certificateDir;
    private Path pool;

    @BeforeEach
    void init() throws Exception {
        pool = Files.createTempDirectory("rift-tls-pool-");
        Files.setPosixFilePermissions(pool, PosixFilePermissions.fromString("rwxr-xr-x"));
        Rift init = Rift.run("init", "--mode", "snapshot", "--driver", "copy", "--pool", pool.toString(),
                "--database", "app", "--password", PASSWORD, "--fast");
        assertEquals(0, init.exitCode(), init.err());
    }

    @AfterEach
    void remove() throws Exception {
        SnapshotPools.remove(pool);
    }

    @Test
    void aSnapshotBranchIsServedOverTlsAndPlainTextIsRefusedUnderRequire() throws Exception {
        TestCertificates certificates = TestCertificates.create(certificateDir);
        int port = FreePort.find();
        try (ServeJvm serve = ServeJvm.start(Map.of("RIFT_POOL", pool.toString(), "RIFT_LISTEN", "127.0.0.1:" + port,
                "RIFT_AUTO_CREATE", "pr-[0-9]+", "RIFT_TLS_CERT", certificates.serverCertificate().toString(),
                "RIFT_TLS_KEY", certificates.serverKey().toString(), "RIFT_CLIENT_TLS", "require"))
                .awaitListening(port)) {
            try (Connection c = connect(port, "pr-1", "verify-full", certificates); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT current_setting('port')::int")) {
                assertTrue(rs.next());
                assertTrue(rs.getInt(1) != port, "answered by the branch's own postmaster, through rift over TLS");
            }
            SQLException refused = assertThrows(SQLException.class,
                    () -> connect(port, "pr-1", "disable", certificates).close());
            assertEquals("28000", refused.getSQLState(), refused.toString());

            serve.terminate();
            assertEquals(0, serve.awaitExit(Duration.ofSeconds(60)), serve.output());
            assertTrue(serve.output().contains("TLS toward clients: require"), serve.output());
        }
    }

    private static Connection connect(int port, String branch, String sslmode, TestCertificates certificates)
            throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        p.setProperty("password", PASSWORD);
        p.setProperty("sslmode", sslmode);
        p.setProperty("sslrootcert", certificates.caCertificate().toString());
        return DriverManager.getConnection("jdbc:postgresql://" + TestCertificates.CERTIFIED_HOST + ":" + port + "/"
                + branch, p);
    }
}
