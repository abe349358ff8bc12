package dev.rift.router.session;

import dev.rift.storage.SslMode;
import dev.rift.storage.UpstreamUrl;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * TLS toward the upstream with libpq's sslmode meaning: {@code prefer}/{@code require} encrypt
 * without verifying; {@code verify-ca} checks the chain against {@code sslrootcert} (or
 * {@code ~/.postgresql/root.crt}, else the JDK's trust store); {@code verify-full} also checks
 * the host name.
 */
public final class UpstreamTls {
    private final UpstreamUrl server;
    private final SslContext context;

    public UpstreamTls(UpstreamUrl server) {
        this.server = server;
        this.context = server.sslMode().requestsTls() ? build(server) : null;
    }

    public SslMode mode() {
        return server.sslMode();
    }

    public SslHandler newHandler(ByteBufAllocator alloc) {
        SslHandler handler = context.newHandler(alloc, server.host(), server.port());
        if (server.sslMode() == SslMode.VERIFY_FULL) {
            SSLEngine engine = handler.engine();
            SSLParameters params = engine.getSSLParameters();
            params.setEndpointIdentificationAlgorithm("HTTPS");
            engine.setSSLParameters(params);
        }
        return handler;
    }

    private static SslContext build(UpstreamUrl server) {
        try {
            SslContextBuilder builder = SslContextBuilder.forClient();
            if (!server.sslMode().verifiesCertificate()) {
                builder.trustManager(InsecureTrustManagerFactory.INSTANCE);
            } else {
                File root = rootCertificate(server);
                if (root != null) {
                    builder.trustManager(root);
                }
            }
            return builder.build();
        } catch (SSLException e) {
            throw new IllegalArgumentException("cannot set up TLS for the upstream: " + e.getMessage(), e);
        }
    }

    private static File rootCertificate(UpstreamUrl server) {
        if (server.sslRootCert() != null) {
            Path p = Path.of(server.sslRootCert());
            if (!Files.isReadable(p)) {
                throw new IllegalArgumentException("sslrootcert " + p + " is not readable");
            }
            return p.toFile();
        }
        Path home = Path.of(System.getProperty("user.home"), ".postgresql", "root.crt");
        return Files.isReadable(home) ? home.toFile() : null;
    }
}
