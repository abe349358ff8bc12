package dev.rift.router.session;

import dev.rift.router.metrics.ProxyMetrics;
import dev.rift.router.metrics.StatementClock;
import io.netty.buffer.ByteBuf;

/**
 * What a session does with the client's messages and the server's answers. A session relays until it is ready (its
 * authentication passes untouched), then runs in the mode of its branch: relayed (main, snapshot branches: a snapshot
 * branch is a server of its own, relayed alike), through the overlay, or answered by rift (database {@code rift}).
 */
sealed interface SessionMode permits RelayMode, OverlayMode, ControlMode {

    /** A client's frame (consumed): returns what to write upstream as it is, or null when the mode took it. */
    ByteBuf fromClient(ByteBuf frame);

    /** What the server sent a ready session (consumed): returns what to forward to the client, or null. */
    ByteBuf fromUpstream(ByteBuf bytes);

    /** Counts and times a client message of a ready session (docs/metrics.md). */
    void metered(byte type, StatementClock clock, ProxyMetrics metrics);

    /** Whether rift answers the client itself, so no request of the client's is ever in flight upstream. */
    default boolean answersItself() {
        return false;
    }

    /** The client's channel became writable or not. */
    default void writabilityChanged() {
    }

    /** The session ended: the mode lets go of what it holds. */
    default void close() {
    }
}
