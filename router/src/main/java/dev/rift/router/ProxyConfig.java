package dev.rift.router;

import dev.rift.router.sql.PlanningLimits;
import dev.rift.router.tls.ClientTls;
import dev.rift.storage.UpstreamUrl;

import java.time.Duration;
import java.util.Objects;

/**
 * How the proxy listens and what it protects itself with.
 *
 * @param maxFrameLength  the largest message a client may send; PostgreSQL's own limit is 1 GiB,
 *                        but every byte of a frame is held in memory before it is forwarded
 * @param startupTimeout  how long a client may take from connecting to sending its startup packet (TLS included), as
 *                        PostgreSQL's authentication_timeout (default 60 s); once its branch is ready, the shorter
 *                        {@link ConnectionLimits#authTimeout()} applies
 * @param clientTls       TLS toward clients: whether an SSLRequest is answered 'S', and whether it is required
 * @param limits          how many clients and upstream connections at once, and how long authentication may hold one
 * @param planning        how deep, long and slow a statement on an overlay branch may be to plan, and the threads
 *                        (per branch too) that plan them
 */
public record ProxyConfig(String listenHost, int listenPort, UpstreamUrl upstream, int maxFrameLength,
                          Duration startupTimeout, ClientTls clientTls, ConnectionLimits limits,
                          PlanningLimits planning) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 6432;
    public static final int DEFAULT_MAX_FRAME = 256 * 1024 * 1024;
    public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(60);
    /** Messages from PostgreSQL itself are trusted up to its own limit. */
    public static final int UPSTREAM_MAX_FRAME = Integer.MAX_VALUE - 1;

    public ProxyConfig {
        if (listenPort < 0 || listenPort > 65535) {
            throw new IllegalArgumentException("invalid listen port " + listenPort);
        }
        if (maxFrameLength < 1024) {
            throw new IllegalArgumentException("max frame length must be at least 1024 bytes");
        }
        if (startupTimeout.isNegative() || startupTimeout.isZero()) {
            throw new IllegalArgumentException("startup timeout must be positive");
        }
        Objects.requireNonNull(clientTls, "clientTls (ClientTls.DISABLED for none)");
        Objects.requireNonNull(limits, "limits (ConnectionLimits.DEFAULT)");
        Objects.requireNonNull(planning, "planning (PlanningLimits.DEFAULTS)");
    }

    /** With the default planning limits. */
    public ProxyConfig(String listenHost, int listenPort, UpstreamUrl upstream, int maxFrameLength,
                       Duration startupTimeout, ClientTls clientTls, ConnectionLimits limits) {
        this(listenHost, listenPort, upstream, maxFrameLength, startupTimeout, clientTls, limits,
                PlanningLimits.DEFAULTS);
    }

    /** With the default connection and planning limits. */
    public ProxyConfig(String listenHost, int listenPort, UpstreamUrl upstream, int maxFrameLength,
                       Duration startupTimeout, ClientTls clientTls) {
        this(listenHost, listenPort, upstream, maxFrameLength, startupTimeout, clientTls, ConnectionLimits.DEFAULT);
    }

    /** Without TLS toward clients. */
    public ProxyConfig(String listenHost, int listenPort, UpstreamUrl upstream, int maxFrameLength,
                       Duration startupTimeout) {
        this(listenHost, listenPort, upstream, maxFrameLength, startupTimeout, ClientTls.DISABLED);
    }

    public ProxyConfig withClientTls(ClientTls tls) {
        return new ProxyConfig(listenHost, listenPort, upstream, maxFrameLength, startupTimeout, tls, limits, planning);
    }

    public ProxyConfig withLimits(ConnectionLimits newLimits) {
        return new ProxyConfig(listenHost, listenPort, upstream, maxFrameLength, startupTimeout, clientTls, newLimits,
                planning);
    }

    public ProxyConfig withPlanning(PlanningLimits newPlanning) {
        return new ProxyConfig(listenHost, listenPort, upstream, maxFrameLength, startupTimeout, clientTls, limits,
                newPlanning);
    }

    public static ProxyConfig of(String listenHost, int listenPort, UpstreamUrl upstream) {
        return new ProxyConfig(listenHost, listenPort, upstream, DEFAULT_MAX_FRAME, DEFAULT_STARTUP_TIMEOUT);
    }
}
