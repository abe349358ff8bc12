package dev.rift.cli;

import dev.rift.router.ConnectionLimits;
import dev.rift.router.ProxyConfig;
import dev.rift.router.RiftServer;
import dev.rift.router.snapshot.SnapshotServer;
import dev.rift.web.HttpApiServer;
import dev.rift.web.OverlayBranches;
import dev.rift.web.SnapshotBranches;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(name = "serve",
        description = {
                "Run the proxy that PostgreSQL clients connect to.",
                "A client picks its branch by database name (or by the user name's @branch suffix);",
                "the branch \"main\" relays to the upstream itself.",
                "With --pool (or RIFT_POOL), serves a snapshot pool instead: each branch is its own postmaster.",
                "",
                "Example:",
                "  rift serve --upstream postgres://app:secret@localhost:5432/app",
                "  psql postgres://app@localhost:6432/main"
        },
        mixinStandardHelpOptions = true)
final class ServeCommand implements Callable<Integer> {
    @Mixin
    Invocation invocation;

    @Mixin
    UpstreamOption upstream;

    @Mixin
    PoolOption pool;

    @Option(names = "--auto-create", paramLabel = "REGEX", defaultValue = "${env:RIFT_AUTO_CREATE}",
            description = "Create a missing branch from main when a client connects to it, if the whole name "
                    + "matches REGEX (e.g. 'pr-[0-9]+'); the client waits until it is ready. Default: off.")
    String autoCreate;

    @Option(names = "--idle", paramLabel = "DURATION", defaultValue = "15m",
            description = "Snapshot mode: stop a branch's postmaster after this long without connections; the next "
                    + "connection starts it again. Default: ${DEFAULT-VALUE}.")
    String idle;

    @Option(names = {"-l", "--listen"}, paramLabel = "HOST:PORT", defaultValue = "${env:RIFT_LISTEN:-127.0.0.1:6432}",
            description = "Address to accept PostgreSQL clients on. Default: ${DEFAULT-VALUE}.")
    String listen;

    @Option(names = "--max-frame", paramLabel = "BYTES", defaultValue = "" + ProxyConfig.DEFAULT_MAX_FRAME,
            description = "Largest message a client may send; larger ones end the session with SQLSTATE 54000. "
                    + "Default: ${DEFAULT-VALUE}.")
    int maxFrame;

    @Option(names = "--startup-timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "How long a client may take from connecting to its startup packet, TLS included (as "
                    + "PostgreSQL's authentication_timeout); then --auth-timeout applies. Default: ${DEFAULT-VALUE}.")
    int startupTimeout;

    // --- connection limits (issue 14) ---
    @Option(names = "--max-client-conn", paramLabel = "N", defaultValue = "${env:RIFT_MAX_CLIENT_CONN:-"
            + ConnectionLimits.DEFAULT_MAX_CLIENT_CONN + "}",
            description = "Client connections at once, as pgbouncer's max_client_conn: one more is refused with "
                    + "SQLSTATE 53300 \"sorry, too many clients already\" before anything reaches the upstream. "
                    + "Default: $RIFT_MAX_CLIENT_CONN, else " + ConnectionLimits.DEFAULT_MAX_CLIENT_CONN + ".")
    String maxClientConn;

    @Option(names = "--max-upstream-conn", paramLabel = "N", defaultValue = "${env:RIFT_MAX_UPSTREAM_CONN}",
            description = "Connections the sessions hold at once on one upstream server (snapshot mode: on each "
                    + "branch's postmaster), clients still authenticating included; pgbouncer's nearest is "
                    + "max_db_connections. A client over it waits up to 5 s in line, then gets SQLSTATE 53300 naming "
                    + "this limit. Default: $RIFT_MAX_UPSTREAM_CONN, else three quarters of the connections the "
                    + "upstream's max_connections leaves ordinary roles, less rift's own 6, read at start (66 for "
                    + "PostgreSQL's default of 100; snapshot mode assumes that default), so direct logins always "
                    + "find room.")
    String maxUpstreamConn;

    @Option(names = "--auth-timeout", paramLabel = "DURATION", defaultValue = "${env:RIFT_AUTH_TIMEOUT:-"
            + "15s}",
            description = "How long a client may take to authenticate once its branch is ready; it holds an upstream "
                    + "connection meanwhile (libpq and pgjdbc answer in milliseconds; PostgreSQL's own "
                    + "authentication_timeout is 60 s). Default: $RIFT_AUTH_TIMEOUT, else 15s.")
    String authTimeout;
    // --- end connection limits ---

    // --- control API (docs/http.md) ---
    @Option(names = "--http", paramLabel = "HOST:PORT|off", defaultValue = "${env:RIFT_HTTP:-127.0.0.1:6480}",
            description = "Address of the control API and dashboard (docs/http.md), or off. Anything but a loopback "
                    + "address needs --http-token. Default: ${DEFAULT-VALUE}.")
    String http;

    @Option(names = "--http-allowed-hosts", paramLabel = "NAME[,NAME...]", split = ",",
            defaultValue = "${env:RIFT_HTTP_ALLOWED_HOSTS}",
            description = "Host names the control API answers for besides localhost, IP addresses and its --http "
                    + "address (others get 421: a DNS name rebound to this machine). Default: $RIFT_HTTP_ALLOWED_HOSTS.")
    java.util.List<String> httpAllowedHosts;

    @ParentCommand
    RiftCommand rift;
    // --- end control API ---

    // --- TLS toward clients (README "Serving") ---
    @Option(names = "--tls-cert", paramLabel = "FILE", defaultValue = "${env:RIFT_TLS_CERT}",
            description = "PEM certificate (and intermediates) to offer clients that ask for TLS, as PostgreSQL's "
                    + "ssl_cert_file; needs --tls-key. Default: $RIFT_TLS_CERT, else no TLS.")
    String tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE", defaultValue = "${env:RIFT_TLS_KEY}",
            description = "The certificate's private key: PEM, unencrypted PKCS#8 (BEGIN PRIVATE KEY). "
                    + "Default: $RIFT_TLS_KEY.")
    String tlsKey;

    @Option(names = "--client-tls", paramLabel = "MODE", defaultValue = "${env:RIFT_CLIENT_TLS}",
            description = "disable, allow, prefer or require, as pgbouncer's client_tls_sslmode: require refuses "
                    + "clients that do not use TLS (SQLSTATE 28000). Default: $RIFT_CLIENT_TLS, else prefer with a "
                    + "certificate (TLS for clients that ask, plain text for the others), disable without.")
    String clientTls;
    // --- end TLS toward clients ---

    // --- graceful shutdown (SIGTERM): issue #8 ---
    @Option(names = "--drain-timeout", paramLabel = "DURATION", defaultValue = "${env:RIFT_DRAIN_TIMEOUT:-30s}",
            description = "On SIGTERM: stop accepting, end idle sessions (57P01), and wait this long for running "
                    + "statements to finish before closing; then exit 0. Default: ${DEFAULT-VALUE}.")
    String drainTimeout;
    // --- end graceful shutdown ---

    @Override
    public Integer call() throws Exception {
        // Every setting is parsed and checked before anything connects or listens (ServeSettings).
        ServeSettings settings = ServeSettings.of(invocation.parsed(), this, pool.given());
        if (pool.given()) {
            return serveSnapshots(settings);
        }
        ProxyConfig config = settings.proxyConfig();
        try (RiftServer server = RiftServer.start(config, settings.autoCreate())) {
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "rift-shutdown"));
            TermSignal.handle(() -> server.drain(settings.drainTimeout()), server::close);
            invocation.out().println("rift is serving on " + config.listenHost() + ":" + server.port()
                    + " (branch \"main\" = " + config.upstream() + ")" + tlsNote(config));
            try (HttpApiServer ignored = HttpListen.start(settings.http(), new OverlayBranches(server,
                    config.upstream()), invocation.out())) {
                server.awaitClose();
            }
        }
        return 0;
    }

    private int serveSnapshots(ServeSettings settings) throws InterruptedException {
        ProxyConfig config = settings.proxyConfig();
        HostPort address = settings.listen();
        try (SnapshotServer server = SnapshotServer.start(config, pool.open(), settings.autoCreate(),
                settings.idle())) {
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "rift-shutdown"));
            TermSignal.handle(() -> server.drain(settings.drainTimeout()), server::close);
            PrintWriter out = invocation.out();
            out.println("rift is serving snapshot pool " + server.pool().driver().pool() + " on " + address.host()
                    + ":" + server.port() + " (every branch, main included, is its own postmaster)" + tlsNote(config));
            try (HttpApiServer ignored = HttpListen.start(settings.http(), new SnapshotBranches(server), out)) {
                server.awaitClose();
            }
        }
        return 0;
    }

    private static String tlsNote(ProxyConfig config) {
        return config.clientTls().offered() ? ", TLS toward clients: " + config.clientTls().mode().keyword() : "";
    }
}
