package dev.rift.storage.testing;

import dev.rift.storage.cluster.ExternalCommand;
import dev.rift.storage.cluster.LocalCluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;

/**
 * A small PKI made with the {@code openssl} CLI at test time (no key is kept in the repository): a CA, a server
 * certificate it signed that names only {@code localhost} (so verify-full can tell a named host from an unnamed
 * address), and a second, unrelated CA that signed nothing the server has. Used for PostgreSQL's own TLS and for
 * rift's toward its clients.
 */
public record TestCertificates(Path caCertificate, Path otherCaCertificate, Path serverCertificate, Path serverKey) {
    /** The only name the server certificate carries (CN and DNS subjectAltName). */
    public static final String CERTIFIED_HOST = "localhost";

    private static final Duration OPENSSL_LIMIT = Duration.ofSeconds(30);
    private static final String[] EC_KEY = {"-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"};

    /** Writes the certificates and keys into {@code dir}; the server key readable by PostgreSQL only. */
    public static TestCertificates create(Path dir) throws IOException {
        Path ca = selfSignedCa(dir, "ca", "rift test CA");
        Path otherCa = selfSignedCa(dir, "other-ca", "rift unrelated test CA");

        Path serverKey = dir.resolve("server.key");
        Path csr = dir.resolve("server.csr");
        openssl(dir, "req", "-new", EC_KEY[0], EC_KEY[1], EC_KEY[2], EC_KEY[3], EC_KEY[4],
                "-keyout", serverKey.toString(), "-out", csr.toString(), "-subj", "/CN=" + CERTIFIED_HOST);
        Path extensions = dir.resolve("server.ext");
        Files.writeString(extensions, """
                subjectAltName = DNS:%s
                basicConstraints = CA:FALSE
                keyUsage = critical, digitalSignature, keyEncipherment
                extendedKeyUsage = serverAuth
                """.formatted(CERTIFIED_HOST));
        Path serverCert = dir.resolve("server.crt");
        openssl(dir, "x509", "-req", "-in", csr.toString(), "-CA", ca.toString(),
                "-CAkey", dir.resolve("ca.key").toString(), "-CAcreateserial", "-days", "2",
                "-extfile", extensions.toString(), "-out", serverCert.toString());

        // PostgreSQL refuses a key others can read, and must own it (or root with group access).
        Files.setPosixFilePermissions(serverKey, PosixFilePermissions.fromString("rw-------"));
        if (ExternalCommand.runningAsRoot()) {
            UserPrincipal postgres = dir.getFileSystem().getUserPrincipalLookupService()
                    .lookupPrincipalByName(LocalCluster.POSTGRES_OS_USER);
            Files.setOwner(serverKey, postgres);
        }
        return new TestCertificates(ca, otherCa, serverCert, serverKey);
    }

    /** A key that is not the server certificate's: the CA's own (PKCS#8, like the server key). */
    public Path mismatchedKey() {
        return caCertificate.resolveSibling("ca.key");
    }

    /** The server key as {@code openssl ec} writes it by default: SEC1, {@code BEGIN EC PRIVATE KEY}. */
    public Path serverKeyInSec1() {
        Path out = serverKey.resolveSibling("server-sec1.key");
        openssl(serverKey.getParent(), "ec", "-in", serverKey.toString(), "-out", out.toString());
        return out;
    }

    /** A new RSA key in PKCS#1 ({@code BEGIN RSA PRIVATE KEY}), as {@code openssl genrsa -traditional} writes it. */
    public Path rsaKeyInPkcs1() {
        Path out = serverKey.resolveSibling("rsa-pkcs1.key");
        openssl(serverKey.getParent(), "genrsa", "-traditional", "-out", out.toString(), "2048");
        return out;
    }

    /** The server key encrypted with a passphrase ({@code BEGIN ENCRYPTED PRIVATE KEY}). */
    public Path serverKeyEncrypted() {
        Path out = serverKey.resolveSibling("server-encrypted.key");
        openssl(serverKey.getParent(), "pkcs8", "-topk8", "-v2", "aes-256-cbc", "-passout", "pass:rift-test",
                "-in", serverKey.toString(), "-out", out.toString());
        return out;
    }

    private static Path selfSignedCa(Path dir, String name, String commonName) {
        Path cert = dir.resolve(name + ".crt");
        openssl(dir, "req", "-x509", EC_KEY[0], EC_KEY[1], EC_KEY[2], EC_KEY[3], EC_KEY[4],
                "-keyout", dir.resolve(name + ".key").toString(), "-out", cert.toString(), "-days", "2",
                "-subj", "/CN=" + commonName,
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        return cert;
    }

    private static void openssl(Path dir, String... args) {
        String[] argv = new String[args.length + 1];
        argv[0] = "openssl";
        System.arraycopy(args, 0, argv, 1, args.length);
        ExternalCommand.of(argv).directory(dir).timeout(OPENSSL_LIMIT).run();
    }
}
