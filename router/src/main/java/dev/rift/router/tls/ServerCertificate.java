package dev.rift.router.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The certificate chain and private key rift presents to clients, read from PEM files as PostgreSQL's
 * {@code ssl_cert_file} and {@code ssl_key_file} are. Everything is checked when the files are read, so a bad file
 * stops {@code rift serve} before it listens rather than failing each client's handshake.
 *
 * <p>Keys must be unencrypted PKCS#8 ({@code BEGIN PRIVATE KEY}), which the JDK reads without extra libraries;
 * PKCS#1 and SEC1 keys ({@code BEGIN RSA/EC PRIVATE KEY}, what {@code openssl genrsa -traditional} and
 * {@code openssl ecparam -genkey} write) are refused with the command that converts them.
 */
public record ServerCertificate(List<X509Certificate> chain, PrivateKey key) {
    /** A PEM block, headers included (legacy encrypted keys carry Proc-Type and DEK-Info lines). */
    private static final Pattern PEM_BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);
    private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS", "DSA");

    public ServerCertificate {
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("no certificate");
        }
        if (!matches(chain.get(0), key)) {
            throw new IllegalArgumentException("the private key does not match the certificate (" + describe(chain.get(0))
                    + "): give the key the certificate was made for");
        }
    }

    /** The certificates of a PEM file, the server's own first and then any intermediates, as PostgreSQL reads them. */
    public static List<X509Certificate> readChain(Path file) {
        String pem = readText(file);
        if (!pem.contains("-----BEGIN CERTIFICATE-----")) {
            throw new IllegalArgumentException(file + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        }
        try {
            List<X509Certificate> chain = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))).stream()
                    .map(X509Certificate.class::cast).toList();
            if (chain.isEmpty()) {
                throw new IllegalArgumentException(file + " holds no PEM certificate");
            }
            return chain;
        } catch (CertificateException e) {
            throw new IllegalArgumentException(file + " holds no readable certificate: " + e.getMessage(), e);
        }
    }

    /** The unencrypted PKCS#8 private key of a PEM file. */
    public static PrivateKey readKey(Path file) {
        String pem = readText(file);
        Matcher m = PEM_BLOCK.matcher(pem);
        while (m.find()) {
            String label = m.group(1);
            switch (label) {
                case "PRIVATE KEY" -> {
                    return decodePkcs8(file, Base64.getMimeDecoder().decode(m.group(2)));
                }
                case "RSA PRIVATE KEY", "EC PRIVATE KEY", "DSA PRIVATE KEY" -> throw new IllegalArgumentException(file
                        + " is a " + (label.startsWith("RSA") ? "PKCS#1" : "traditional") + " key (BEGIN " + label
                        + "); rift reads PKCS#8 keys: convert it with openssl pkcs8 -topk8 -nocrypt -in " + file
                        + " -out " + file + ".pk8");
                case "ENCRYPTED PRIVATE KEY" -> throw new IllegalArgumentException(file + " is encrypted; rift needs"
                        + " an unencrypted key: openssl pkcs8 -topk8 -nocrypt -in " + file + " -out " + file + ".pk8");
                default -> { } // e.g. EC PARAMETERS before the key, or a certificate kept in the same file
            }
        }
        throw new IllegalArgumentException(file + " holds no PEM private key (-----BEGIN PRIVATE KEY-----)");
    }

    private static PrivateKey decodePkcs8(Path file, byte[] der) {
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                // not this algorithm's key: try the next
            }
        }
        throw new IllegalArgumentException(file + " holds a private key of an algorithm this JVM cannot read (tried "
                + String.join(", ", KEY_ALGORITHMS) + ")");
    }

    private static String readText(Path file) {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + " does not exist", e);
        } catch (IOException e) {
            throw new IllegalArgumentException(Files.isDirectory(file) ? file + " is a directory"
                    : "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Whether {@code key} is the private half of the certificate's public key: a signature made with it must verify
     * with the certificate. The JDK would otherwise accept any pair and fail every client's handshake later.
     */
    private static boolean matches(X509Certificate certificate, PrivateKey key) {
        if (!key.getAlgorithm().equals(certificate.getPublicKey().getAlgorithm())) {
            return false; // e.g. an EC key for an RSA certificate
        }
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "DSA" -> "SHA256withDSA";
            case "Ed25519", "Ed448", "EdDSA" -> key.getAlgorithm();
            default -> null;
        };
        if (algorithm == null) {
            return true; // RSASSA-PSS and the like: no plain signature to test with; the handshake will tell
        }
        try {
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false; // e.g. an EC key on another curve than the certificate's
        }
    }

    private static String describe(X509Certificate certificate) {
        return certificate.getSubjectX500Principal().getName();
    }
}
