package dev.rift.cli;

import dev.rift.router.AutoCreate;
import dev.rift.router.ConnectionLimits;
import dev.rift.router.ProxyConfig;
import dev.rift.router.tls.ClientTls;
import dev.rift.router.tls.ServerCertificate;
import dev.rift.storage.UpstreamUrl;
import dev.rift.web.HttpApiConfig;
import picocli.CommandLine.ParseResult;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * What {@code rift serve} runs with, each value from its option or, when the option is not given, from its
 * environment variable (the container image is configured by environment alone). All of it is parsed and checked
 * before anything starts, so a bad value ends rift with a message naming the option or variable it came from, and
 * nothing ever listens. A new setting is one more {@link Reader#read} line.
 *
 * @param upstream null in snapshot mode, where every branch (main too) is a postmaster of the pool
 */
record ServeSettings(HostPort listen, UpstreamUrl upstream, AutoCreate autoCreate, Duration idle, int maxFrame,
                     Duration startupTimeout, Duration drainTimeout, Optional<HttpApiConfig> http, ClientTls clientTls,
                     ConnectionLimits limits) {

    ServeSettings {
        if (idle.isNegative() || idle.isZero()) {
            throw new IllegalArgumentException("--idle must be positive");
        }
        if (drainTimeout.isNegative()) {
            throw new IllegalArgumentException("--drain-timeout must not be negative");
        }
    }

    static ServeSettings of(ParseResult parsed, ServeCommand c, boolean snapshotMode) {
        Reader r = new Reader(parsed);
        HostPort listen = r.read("--listen", "RIFT_LISTEN", c.listen, s -> HostPort.parse(s, ProxyConfig.DEFAULT_HOST));
        UpstreamUrl upstream = snapshotMode ? null : c.upstream.url == null || c.upstream.url.isBlank()
                ? c.upstream.resolve() // its own message says how to give one
                : r.read("--upstream", "RIFT_UPSTREAM", c.upstream.url, s -> c.upstream.resolve());
        AutoCreate autoCreate = r.read("--auto-create", "RIFT_AUTO_CREATE", c.autoCreate, AutoCreate::of);
        Duration drain = r.read("--drain-timeout", "RIFT_DRAIN_TIMEOUT", c.drainTimeout, Durations::parse);
        Optional<HttpApiConfig> http = r.read("--http", "RIFT_HTTP", c.http, s -> HttpListen.parse(s, c.rift.httpToken(),
                c.httpAllowedHosts));
        ClientTls tls = clientTls(r, c);
        ServeSettings settings = new ServeSettings(listen, upstream, autoCreate, Durations.parse(c.idle), c.maxFrame,
                Duration.ofSeconds(c.startupTimeout), drain, http, tls, limits(r, c));
        settings.proxyConfig(); // its own checks (frame size, timeouts), before anything starts
        return settings;
    }

    ProxyConfig proxyConfig() {
        return new ProxyConfig(listen.host(), listen.port(), upstream, maxFrame, startupTimeout, clientTls, limits);
    }

    /** --max-client-conn, --max-upstream-conn (none: a share of the upstream's max_connections), --auth-timeout. */
    private static ConnectionLimits limits(Reader r, ServeCommand c) {
        int clients = r.read("--max-client-conn", "RIFT_MAX_CLIENT_CONN", c.maxClientConn, ServeSettings::atLeastOne);
        int upstream = given(c.maxUpstreamConn)
                ? r.read("--max-upstream-conn", "RIFT_MAX_UPSTREAM_CONN", c.maxUpstreamConn, ServeSettings::atLeastOne)
                : ConnectionLimits.AUTO;
        Duration auth = r.read("--auth-timeout", "RIFT_AUTH_TIMEOUT", c.authTimeout, s -> {
            Duration d = Durations.parse(s);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("must be positive, not " + s);
            }
            return d;
        });
        return ConnectionLimits.DEFAULT.withMaxClientConn(clients).withMaxUpstreamConn(upstream).withAuthTimeout(auth);
    }

    private static int atLeastOne(String s) {
        try {
            int n = Integer.parseInt(s.trim());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // the message below says what is wanted
        }
        throw new IllegalArgumentException("\"" + s + "\" is not a number of connections (a whole number, at least 1)");
    }

    /**
     * TLS toward clients from --tls-cert, --tls-key and --client-tls: both files or neither, each read and checked
     * (a PEM certificate, an unencrypted PKCS#8 key, the key the certificate was made for), and no mode that needs
     * a certificate without one.
     */
    private static ClientTls clientTls(Reader r, ServeCommand c) {
        ClientTls.Mode mode = given(c.clientTls)
                ? r.read("--client-tls", "RIFT_CLIENT_TLS", c.clientTls, ClientTls.Mode::parse) : null;
        boolean cert = given(c.tlsCert);
        boolean key = given(c.tlsKey);
        if (cert != key) {
            throw new IllegalArgumentException(cert
                    ? "invalid " + r.source("--tls-cert", "RIFT_TLS_CERT") + ": the certificate needs its private key"
                    + " too (--tls-key or RIFT_TLS_KEY)"
                    : "invalid " + r.source("--tls-key", "RIFT_TLS_KEY") + ": the key needs its certificate too"
                    + " (--tls-cert or RIFT_TLS_CERT)");
        }
        if (!cert) {
            if (mode != null && mode != ClientTls.Mode.DISABLE) {
                throw new IllegalArgumentException("invalid " + r.source("--client-tls", "RIFT_CLIENT_TLS") + ": "
                        + mode.keyword() + " needs a certificate: give --tls-cert and --tls-key (or RIFT_TLS_CERT and"
                        + " RIFT_TLS_KEY)");
            }
            return ClientTls.DISABLED;
        }
        List<X509Certificate> chain = r.read("--tls-cert", "RIFT_TLS_CERT", c.tlsCert,
                s -> ServerCertificate.readChain(Path.of(s)));
        PrivateKey privateKey = r.read("--tls-key", "RIFT_TLS_KEY", c.tlsKey, s -> ServerCertificate.readKey(Path.of(s)));
        ServerCertificate certificate = r.read("--tls-key", "RIFT_TLS_KEY", c.tlsKey,
                s -> new ServerCertificate(chain, privateKey));
        return r.read("--tls-cert", "RIFT_TLS_CERT", c.tlsCert, s -> ClientTls.of(mode, certificate));
    }

    private static boolean given(String value) {
        return value != null && !value.isBlank();
    }

    /** Parses one value, naming in its error the option when it was given, else the environment variable. */
    private record Reader(ParseResult parsed) {
        <T> T read(String option, String variable, String value, Function<String, T> parse) {
            try {
                return parse.apply(value);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("invalid " + source(option, variable) + ": " + e.getMessage(), e);
            }
        }

        /** The option when it was given on the command line, else its environment variable. */
        String source(String option, String variable) {
            return parsed != null && parsed.hasMatchedOption(option) ? option : variable;
        }
    }
}
