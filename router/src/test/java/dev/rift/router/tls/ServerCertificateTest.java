package dev.rift.router.tls;

import dev.rift.storage.cluster.ExternalCommand;
import dev.rift.storage.testing.TestCertificates;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pairs of certificate and key rift accepts: the key must be the certificate's, whatever its algorithm. (The
 * files' formats, and the messages a user sees for bad ones, are checked through {@code rift serve} in the cli's
 * ServeTlsTest.)
 */
class ServerCertificateTest {
    @TempDir
    static Path dir;
    private static TestCertificates ec;
    private static Path rsaCertificate;
    private static Path rsaKey;
    private static Path otherRsaKey;

    @BeforeAll
    static void certificates() throws Exception {
        ec = TestCertificates.create(Files.createDirectories(dir.resolve("ec")));
        rsaCertificate = dir.resolve("rsa.crt");
        rsaKey = dir.resolve("rsa.key");
        otherRsaKey = dir.resolve("other-rsa.key");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", rsaKey.toString(), "-out",
                rsaCertificate.toString(), "-days", "2", "-subj", "/CN=" + TestCertificates.CERTIFIED_HOST);
        openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", otherRsaKey.toString());
    }

    @Test
    void anRsaCertificateWithItsPkcs8KeyIsOfferedInPreferModeByDefault() {
        ServerCertificate rsa = new ServerCertificate(ServerCertificate.readChain(rsaCertificate),
                ServerCertificate.readKey(rsaKey));

        ClientTls tls = ClientTls.of(null, rsa);

        assertTrue(tls.offered());
        assertEquals(ClientTls.Mode.PREFER, tls.mode());
    }

    @Test
    void anEcCertificateWithItsKeyIsAccepted() {
        ServerCertificate pair = new ServerCertificate(ServerCertificate.readChain(ec.serverCertificate()),
                ServerCertificate.readKey(ec.serverKey()));

        assertEquals(1, pair.chain().size());
    }

    @Test
    void anotherRsaKeyDoesNotMatchTheRsaCertificate() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ServerCertificate(
                ServerCertificate.readChain(rsaCertificate), ServerCertificate.readKey(otherRsaKey)));
        assertTrue(e.getMessage().startsWith("the private key does not match the certificate"), e.getMessage());
    }

    @Test
    void anRsaKeyDoesNotMatchAnEcCertificate() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ServerCertificate(
                ServerCertificate.readChain(ec.serverCertificate()), ServerCertificate.readKey(rsaKey)));
        assertTrue(e.getMessage().startsWith("the private key does not match the certificate"), e.getMessage());
    }

    @Test
    void withoutACertificateOnlyDisableIsPossible() {
        assertEquals(ClientTls.DISABLED, ClientTls.of(null, null));
        assertThrows(IllegalArgumentException.class, () -> ClientTls.of(ClientTls.Mode.REQUIRE, null));
    }

    private static void openssl(String... args) {
        String[] argv = new String[args.length + 1];
        argv[0] = "openssl";
        System.arraycopy(args, 0, argv, 1, args.length);
        ExternalCommand.of(argv).directory(dir).timeout(Duration.ofSeconds(60)).run();
    }
}
