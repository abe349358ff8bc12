package dev.rift.cli;

import dev.rift.storage.cluster.FreePort;
import dev.rift.storage.testing.TestCertificates;
import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code rift serve --tls-cert FILE --tls-key FILE [--client-tls MODE]} and their variables RIFT_TLS_CERT,
 * RIFT_TLS_KEY and RIFT_CLIENT_TLS: TLS toward clients configured by environment alone, as the image runs it, and
 * every bad combination refused with a message naming the option or variable before anything listens.
 */
@ExtendWith(UpstreamExtension.class)
class ServeTlsTest {
    @TempDir
    static Path dir;
    private static TestCertificates certificates;
    private static TestUpstream pg;
    private static String db;

    @BeforeAll
    static void start(TestUpstream upstream) throws Exception {
        pg = upstream;
        certificates = TestCertificates.create(dir);
        db = pg.createDatabase();
        try (Connection c = pg.connect(db); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE items (id int PRIMARY KEY, name text)");
            st.execute("INSERT INTO items VALUES (1, 'one'), (2, 'two')");
        }
    }

    @AfterAll
    static void drop() {
        pg.dropDatabase(db);
    }

    @Test
    void environmentAloneServesMainAndBranchesOverTlsAndRequireRefusesPlainText() throws Exception {
        int port = FreePort.find();
        try (ServeJvm serve = ServeJvm.start(Map.of("RIFT_UPSTREAM", pg.url(db), "RIFT_LISTEN", "127.0.0.1:" + port,
                "RIFT_AUTO_CREATE", "ci-[0-9]+", "RIFT_TLS_CERT", certificates.serverCertificate().toString(),
                "RIFT_TLS_KEY", certificates.serverKey().toString(), "RIFT_CLIENT_TLS", "require"))
                .awaitListening(port)) {
            try (Connection c = connect(port, "main", "verify-full"); Statement st = c.createStatement()) {
                assertEquals(2, count(st, "SELECT count(*) FROM items"));
            }
            try (Connection c = connect(port, "ci-1", "verify-full"); Statement st = c.createStatement()) {
                st.execute("INSERT INTO items VALUES (3, 'three')");
                assertEquals(3, count(st, "SELECT count(*) FROM items"), "the branch, created on connect, over TLS");
            }
            SQLException refused = assertThrows(SQLException.class, () -> connect(port, "main", "disable").close());
            assertEquals("28000", refused.getSQLState(), refused.toString());

            serve.terminate();
            assertEquals(0, serve.awaitExit(Duration.ofSeconds(30)), serve.output());
            assertTrue(serve.output().contains("TLS toward clients: require"), serve.output());
        }
    }

    @Test
    void aKeyThatDoesNotMatchTheCertificateInTheEnvironmentEndsRiftBeforeItListens() throws Exception {
        int port = FreePort.find();
        try (ServeJvm serve = ServeJvm.start(Map.of("RIFT_UPSTREAM", pg.url(db), "RIFT_LISTEN", "127.0.0.1:" + port,
                "RIFT_TLS_CERT", certificates.serverCertificate().toString(),
                "RIFT_TLS_KEY", certificates.mismatchedKey().toString()))) {
            while (!serve.process().waitFor(20, TimeUnit.MILLISECONDS)) {
                assertEquals(ServeJvm.Probe.REFUSED, ServeJvm.probe(port), "rift listened despite the wrong key");
            }
            String output = serve.output();
            assertNotEquals(0, serve.process().exitValue(), output);
            assertTrue(output.contains("rift: invalid RIFT_TLS_KEY: the private key does not match the certificate"),
                    output);
            assertFalse(output.contains("rift is serving"), output);
        }
    }

    /** Each: what is wrong, the TLS options given, what the message must say. */
    static Stream<Arguments> badConfigurations() throws Exception {
        Path cert = certificates.serverCertificate();
        Path key = certificates.serverKey();
        Path missing = dir.resolve("missing.pem");
        Path folder = Files.createDirectories(dir.resolve("a-directory"));
        return Stream.of(
                bad("a certificate without its key", List.of("--tls-cert", cert),
                        "invalid --tls-cert: the certificate needs its private key too"),
                bad("a key without its certificate", List.of("--tls-key", key),
                        "invalid --tls-key: the key needs its certificate too"),
                bad("a certificate file that does not exist", List.of("--tls-cert", missing, "--tls-key", key),
                        "invalid --tls-cert: " + missing + " does not exist"),
                bad("a key file that does not exist", List.of("--tls-cert", cert, "--tls-key", missing),
                        "invalid --tls-key: " + missing + " does not exist"),
                bad("a directory for a key", List.of("--tls-cert", cert, "--tls-key", folder),
                        "invalid --tls-key: " + folder + " is a directory"),
                bad("the key given as the certificate", List.of("--tls-cert", key, "--tls-key", key),
                        "invalid --tls-cert: " + key + " holds no PEM certificate"),
                bad("the certificate given as the key", List.of("--tls-cert", cert, "--tls-key", cert),
                        "invalid --tls-key: " + cert + " holds no PEM private key"),
                bad("a key that is not the certificate's", List.of("--tls-cert", cert, "--tls-key",
                        certificates.mismatchedKey()), "invalid --tls-key: the private key does not match the certificate"),
                bad("a PKCS#1 RSA key", List.of("--tls-cert", cert, "--tls-key", certificates.rsaKeyInPkcs1()),
                        "(BEGIN RSA PRIVATE KEY); rift reads PKCS#8 keys: convert it with openssl pkcs8 -topk8 -nocrypt"),
                bad("a SEC1 EC key", List.of("--tls-cert", cert, "--tls-key", certificates.serverKeyInSec1()),
                        "(BEGIN EC PRIVATE KEY); rift reads PKCS#8 keys: convert it with openssl pkcs8 -topk8 -nocrypt"),
                bad("an encrypted key", List.of("--tls-cert", cert, "--tls-key", certificates.serverKeyEncrypted()),
                        "is encrypted; rift needs an unencrypted key"),
                bad("require without a certificate", List.of("--client-tls", "require"),
                        "invalid --client-tls: require needs a certificate: give --tls-cert and --tls-key"),
                bad("an unknown mode", List.of("--tls-cert", cert, "--tls-key", key, "--client-tls", "sometimes"),
                        "invalid --client-tls: unknown mode 'sometimes' (one of disable, allow, prefer, require)"),
                bad("client certificates", List.of("--tls-cert", cert, "--tls-key", key, "--client-tls", "verify-full"),
                        "invalid --client-tls: verify-full (client certificates) is not supported"));
    }

    private static Arguments bad(String what, List<Object> options, String message) {
        return Arguments.of(what, options.stream().map(Object::toString).toList(), message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badConfigurations")
    void aBadTlsConfigurationEndsServeWithAClearMessageBeforeAnythingListens(String what, List<String> options,
                                                                             String message) {
        int proxy = FreePort.find();
        List<String> args = new ArrayList<>(List.of("serve", "--upstream", pg.url(db), "--listen", "127.0.0.1:" + proxy,
                "--http", "off"));
        args.addAll(options);

        // A configuration wrongly accepted would serve until stopped: fail instead of hanging.
        Rift serve = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> Rift.run(args.toArray(String[]::new)));

        assertEquals(1, serve.exitCode(), what + ": " + serve.out() + serve.err());
        assertTrue(serve.err().contains("rift: "), serve.err());
        assertTrue(serve.err().contains(message), serve.err());
        assertTrue(FreePort.isFree(proxy), "nothing listened");
    }

    private static Connection connect(int port, String branch, String sslmode) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", pg.user());
        p.setProperty("password", pg.password());
        p.setProperty("sslmode", sslmode);
        p.setProperty("sslrootcert", certificates.caCertificate().toString());
        return DriverManager.getConnection("jdbc:postgresql://" + TestCertificates.CERTIFIED_HOST + ":" + port + "/"
                + branch, p);
    }

    private static long count(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
