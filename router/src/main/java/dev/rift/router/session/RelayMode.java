package dev.rift.router.session;

import dev.rift.pgwire.message.MessageType;
import dev.rift.router.metrics.ProxyMetrics;
import dev.rift.router.metrics.StatementClock;
import io.netty.buffer.ByteBuf;

/** Bytes forwarded as they are in both directions: authentication, then main's and snapshot branches' sessions. */
final class RelayMode implements SessionMode {
    static final RelayMode INSTANCE = new RelayMode();

    private RelayMode() {}

    @Override
    public ByteBuf fromClient(ByteBuf frame) {
        return frame;
    }

    @Override
    public ByteBuf fromUpstream(ByteBuf bytes) {
        return bytes;
    }

    @Override
    public void metered(byte type, StatementClock clock, ProxyMetrics metrics) {
        clock.fromClient(type);
        if (type == MessageType.QUERY || type == MessageType.BIND) {
            metrics.passedThrough();
        }
    }
}
