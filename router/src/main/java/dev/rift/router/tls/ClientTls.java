package dev.rift.router.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;

import javax.net.ssl.SSLException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * TLS between clients and rift, as pgbouncer's {@code client_tls_*} settings: with a certificate, a client's
 * SSLRequest is answered 'S' and its session continues inside TLS; {@link Mode#REQUIRE} also refuses clients that
 * start without it, as a PostgreSQL whose pg_hba.conf has only {@code hostssl} lines does.
 */
public final class ClientTls {
    /** Without a certificate: every SSLRequest is answered 'N' and the session goes on in plain text. */
    public static final ClientTls DISABLED = new ClientTls(Mode.DISABLE, null);

    /** The lowest version PostgreSQL 15 accepts by default (ssl_min_protocol_version). */
    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    /** The server side of pgbouncer's client_tls_sslmode, under the same names. */
    public enum Mode {
        /** SSLRequest answered 'N', even with a certificate. */
        DISABLE,
        /** TLS when the client asks for it, plain text otherwise. */
        ALLOW,
        /** The same as {@link #ALLOW} on the server side (as in pgbouncer); the default with a certificate. */
        PREFER,
        /** Only TLS: a StartupMessage in plain text is refused with SQLSTATE 28000. */
        REQUIRE;

        public String keyword() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Mode parse(String keyword) {
            String k = keyword.trim().toLowerCase(Locale.ROOT);
            if (k.equals("verify-ca") || k.equals("verify-full")) {
                throw new IllegalArgumentException(k + " (client certificates) is not supported; use require");
            }
            for (Mode m : values()) {
                if (m.keyword().equals(k)) {
                    return m;
                }
            }
            throw new IllegalArgumentException("unknown mode '" + keyword + "' (one of "
                    + Arrays.stream(values()).map(Mode::keyword).collect(Collectors.joining(", ")) + ")");
        }
    }

    private final Mode mode;
    private final SslContext context;

    private ClientTls(Mode mode, SslContext context) {
        this.mode = mode;
        this.context = context;
    }

    /**
     * TLS with {@code certificate} in {@code mode}; {@code mode} null means {@link Mode#PREFER} with a certificate,
     * {@link Mode#DISABLE} without. Every mode but disable needs a certificate.
     */
    public static ClientTls of(Mode mode, ServerCertificate certificate) {
        Mode m = mode != null ? mode : certificate != null ? Mode.PREFER : Mode.DISABLE;
        if (certificate == null) {
            if (m != Mode.DISABLE) {
                throw new IllegalArgumentException(m.keyword() + " needs a certificate and its key");
            }
            return DISABLED;
        }
        if (m == Mode.DISABLE) {
            return DISABLED;
        }
        try {
            SslContext context = SslContextBuilder
                    .forServer(certificate.key(), certificate.chain().toArray(X509Certificate[]::new))
                    .protocols(PROTOCOLS)
                    .build();
            return new ClientTls(m, context);
        } catch (SSLException e) {
            throw new IllegalArgumentException("cannot set up TLS with this certificate: " + e.getMessage(), e);
        }
    }

    public Mode mode() {
        return mode;
    }

    /** Whether an SSLRequest is answered 'S'. */
    public boolean offered() {
        return context != null;
    }

    /** Whether a client must encrypt before its StartupMessage. */
    public boolean required() {
        return mode == Mode.REQUIRE;
    }

    /**
     * The handler that runs one client's handshake and then its encryption. The handshake must finish within
     * {@code timeout}, as PostgreSQL's authentication_timeout covers it too.
     */
    public SslHandler newHandler(ByteBufAllocator alloc, Duration timeout) {
        if (context == null) {
            throw new IllegalStateException("TLS is not offered");
        }
        SslHandler handler = context.newHandler(alloc);
        handler.setHandshakeTimeoutMillis(timeout.toMillis());
        return handler;
    }

    @Override
    public String toString() {
        return offered() ? "TLS " + mode.keyword() : "no TLS";
    }
}
