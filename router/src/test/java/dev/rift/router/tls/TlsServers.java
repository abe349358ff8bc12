package dev.rift.router.tls;

import dev.rift.storage.SslMode;
import dev.rift.storage.UpstreamUrl;
import dev.rift.storage.cluster.LocalCluster;
import dev.rift.storage.cluster.PgBinaries;
import dev.rift.storage.testing.TestCertificates;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Two throwaway PostgreSQL servers for sslmode tests: one that accepts only TLS connections
 * (hostssl, with hostnossl rejected), with a certificate from {@link TestCertificates}, and one
 * without TLS at all (ssl=off), which answers SSLRequest with 'N'.
 */
final class TlsServers implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TlsServers.class);
    static final String USER = "rift_tls";
    static final String DATABASE = "postgres";

    private final Path dir;
    private final TestCertificates certificates;
    private final String password;
    private final LocalCluster tlsOnly;
    private final LocalCluster plain;

    private TlsServers(Path dir, TestCertificates certificates, String password, LocalCluster tlsOnly,
                       LocalCluster plain) {
        this.dir = dir;
        this.certificates = certificates;
        this.password = password;
        this.tlsOnly = tlsOnly;
        this.plain = plain;
    }

    static TlsServers start(PgBinaries binaries) throws IOException {
        Path dir = Files.createTempDirectory("rift-tls-");
        LocalCluster tlsOnly = null;
        try {
            // PostgreSQL runs as another OS user when we are root and must reach the files here.
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            TestCertificates certs = TestCertificates.create(dir);
            Path hba = dir.resolve("pg_hba_tls_only.conf");
            Files.writeString(hba, """
                    # TYPE    DATABASE  USER  ADDRESS        METHOD
                    local     all       all                  trust
                    hostssl   all       all   127.0.0.1/32   scram-sha-256
                    hostnossl all       all   127.0.0.1/32   reject
                    """);
            byte[] secret = new byte[12];
            new SecureRandom().nextBytes(secret);
            String password = HexFormat.of().formatHex(secret);
            tlsOnly = LocalCluster.builder().binaries(binaries).superuser(USER).password(password)
                    .setting("ssl", "on")
                    .setting("ssl_cert_file", certs.serverCertificate().toString())
                    .setting("ssl_key_file", certs.serverKey().toString())
                    .setting("hba_file", hba.toString())
                    .start();
            LocalCluster plain = LocalCluster.builder().binaries(binaries).superuser(USER).password(password)
                    .setting("ssl", "off")
                    .start();
            log.info("TLS-only PostgreSQL on port {}, plain-only on port {}, certificates in {}", tlsOnly.port(),
                    plain.port(), dir);
            return new TlsServers(dir, certs, password, tlsOnly, plain);
        } catch (IOException | RuntimeException e) {
            if (tlsOnly != null) {
                tlsOnly.close();
            }
            deleteTree(dir);
            throw e;
        }
    }

    TestCertificates certificates() {
        return certificates;
    }

    String password() {
        return password;
    }

    int tlsOnlyPort() {
        return tlsOnly.port();
    }

    int plainPort() {
        return plain.port();
    }

    /** rift's upstream URL for a server reached as {@code host}, with {@code sslmode} and an optional root certificate. */
    UpstreamUrl upstream(int port, String host, SslMode mode, Path rootCertificate) {
        return UpstreamUrl.parse(libpqStyleUrl("postgres://" + USER + ":" + password + "@", port, host, mode,
                rootCertificate));
    }

    /** The same server and settings for pgjdbc connecting directly: the reference. */
    String directJdbcUrl(int port, String host, SslMode mode, Path rootCertificate) {
        return libpqStyleUrl("jdbc:postgresql://", port, host, mode, rootCertificate);
    }

    private static String libpqStyleUrl(String prefix, int port, String host, SslMode mode, Path rootCertificate) {
        return prefix + host + ":" + port + "/" + DATABASE + "?sslmode=" + mode.keyword()
                + (rootCertificate == null ? ""
                : "&sslrootcert=" + URLEncoder.encode(rootCertificate.toString(), StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        try (LocalCluster a = tlsOnly; LocalCluster b = plain) {
            log.debug("stopping the TLS test servers");
        } finally {
            deleteTree(dir);
        }
    }

    private static void deleteTree(Path root) {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            log.warn("could not delete {}: {}", root, e.toString());
        }
    }
}
