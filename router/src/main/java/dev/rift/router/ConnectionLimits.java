package dev.rift.router;

import java.time.Duration;

/**
 * How many connections rift takes at once ({@code rift serve --max-client-conn}, {@code --max-upstream-conn},
 * {@code --auth-timeout}).
 *
 * @param maxClientConn   client connections at once; one more is told 53300 "sorry, too many clients already" and
 *                        closed at once, before anything reaches an upstream (pgbouncer's max_client_conn)
 * @param maxUpstreamConn connections sessions hold at once on one upstream server, sessions still authenticating
 *                        included (pgbouncer's max_db_connections); {@link #AUTO}: a share of the upstream's own
 *                        max_connections ({@link UpstreamCapacity#sessionShare()})
 * @param upstreamWait    how long a client over maxUpstreamConn waits in line for a connection before it is refused
 *                        with 53300
 * @param authTimeout     how long a client may take, once its branch is ready, to be authenticated: it holds one of
 *                        maxUpstreamConn meanwhile (the startup timeout covers the time before its startup packet)
 */
public record ConnectionLimits(int maxClientConn, int maxUpstreamConn, Duration upstreamWait, Duration authTimeout) {
    public static final int AUTO = 0;
    public static final int DEFAULT_MAX_CLIENT_CONN = 1000;
    public static final Duration DEFAULT_UPSTREAM_WAIT = Duration.ofSeconds(5);
    /**
     * Real clients authenticate in milliseconds (libpq and pgjdbc ask for a password before they connect, never while
     * connected); only a slow authentication method on the upstream (LDAP, RADIUS) takes seconds.
     */
    public static final Duration DEFAULT_AUTH_TIMEOUT = Duration.ofSeconds(15);
    public static final ConnectionLimits DEFAULT = new ConnectionLimits(DEFAULT_MAX_CLIENT_CONN, AUTO,
            DEFAULT_UPSTREAM_WAIT, DEFAULT_AUTH_TIMEOUT);

    public ConnectionLimits {
        if (maxClientConn < 1) {
            throw new IllegalArgumentException("the client connection limit must be at least 1, not " + maxClientConn);
        }
        if (maxUpstreamConn < 0) {
            throw new IllegalArgumentException("the upstream connection limit must be at least 1 (or 0 for a share of"
                    + " the upstream's max_connections), not " + maxUpstreamConn);
        }
        if (upstreamWait.isNegative()) {
            throw new IllegalArgumentException("the wait for an upstream connection must not be negative");
        }
        if (authTimeout.isNegative() || authTimeout.isZero()) {
            throw new IllegalArgumentException("the authentication timeout must be positive");
        }
    }

    public ConnectionLimits withMaxClientConn(int n) {
        return new ConnectionLimits(n, maxUpstreamConn, upstreamWait, authTimeout);
    }

    public ConnectionLimits withMaxUpstreamConn(int n) {
        return new ConnectionLimits(maxClientConn, n, upstreamWait, authTimeout);
    }

    public ConnectionLimits withUpstreamWait(Duration wait) {
        return new ConnectionLimits(maxClientConn, maxUpstreamConn, wait, authTimeout);
    }

    public ConnectionLimits withAuthTimeout(Duration timeout) {
        return new ConnectionLimits(maxClientConn, maxUpstreamConn, upstreamWait, timeout);
    }

    /** The upstream limit, a share of {@code capacity} when it was left to rift. */
    public int upstreamLimit(UpstreamCapacity capacity) {
        return maxUpstreamConn == AUTO ? capacity.sessionShare() : maxUpstreamConn;
    }
}
