package dev.rift.storage.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Set;

/**
 * Finds a TCP port that is free on 127.0.0.1 right now. Never returns PostgreSQL's 5432 or rift's
 * 6432, so a test can never collide with (or be mistaken for) a real server or proxy. There is an
 * unavoidable race between finding the port and binding it; callers that start servers should
 * retry with a fresh port when the bind fails.
 */
public final class FreePort {

    /** Ports never handed out: PostgreSQL's and rift's (pgbouncer's) defaults. */
    public static final Set<Integer> RESERVED = Set.of(5432, 6432);

    private static final int ATTEMPTS = 50;

    private FreePort() {
    }

    public static int find() {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        IOException last = null;
        for (int i = 0; i < ATTEMPTS; i++) {
            int port;
            try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(false);
                s.bind(new InetSocketAddress(loopback, 0), 1);
                port = s.getLocalPort();
            } catch (IOException e) {
                last = e;
                continue;
            }
            if (!RESERVED.contains(port) && isFree(port)) {
                return port;
            }
        }
        throw new UncheckedIOException("no free TCP port found on " + loopback.getHostAddress() + " after "
                + ATTEMPTS + " attempts", last != null ? last : new IOException("only reserved ports offered"));
    }

    /** Whether {@code port} can be bound on 127.0.0.1 at this moment. */
    public static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
