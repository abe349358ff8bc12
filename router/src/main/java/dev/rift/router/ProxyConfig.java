package dev.rift.router;

import dev.rift.storage.UpstreamUrl;

/**
 * How the proxy listens and what it protects itself with.
 *
 * @param maxFrameLength the largest message a client may send; PostgreSQL's own limit is 1 GiB,
 *                       but every byte of a frame is held in memory before it is forwarded
 */
public record ProxyConfig(String listenHost, int listenPort, UpstreamUrl upstream, int maxFrameLength) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 6432;
    public static final int DEFAULT_MAX_FRAME = 256 * 1024 * 1024;
    /** Messages from PostgreSQL itself are trusted up to its own limit. */
    public static final int UPSTREAM_MAX_FRAME = Integer.MAX_VALUE - 1;

    public ProxyConfig {
        if (listenPort < 0 || listenPort > 65535) {
            throw new IllegalArgumentException("invalid listen port " + listenPort);
        }
        if (maxFrameLength < 1024) {
            throw new IllegalArgumentException("max frame length must be at least 1024 bytes");
        }
    }

    public static ProxyConfig of(String listenHost, int listenPort, UpstreamUrl upstream) {
        return new ProxyConfig(listenHost, listenPort, upstream, DEFAULT_MAX_FRAME);
    }
}
