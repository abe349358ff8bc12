package dev.rift.router.session;

import dev.rift.router.control.ControlSession;
import dev.rift.router.metrics.ProxyMetrics;
import dev.rift.router.metrics.StatementClock;
import io.netty.buffer.ByteBuf;

/**
 * Database {@code rift}: rift answers the client's statements itself. The upstream session stays open but idle: only
 * its own messages (a FATAL at shutdown) still reach the client, whole frames, between rift's answers.
 */
record ControlMode(ControlSession control) implements SessionMode {

    @Override
    public ByteBuf fromClient(ByteBuf frame) {
        control.fromClient(frame);
        return null;
    }

    @Override
    public ByteBuf fromUpstream(ByteBuf bytes) {
        return bytes;
    }

    @Override
    public void metered(byte type, StatementClock clock, ProxyMetrics metrics) {
        // nothing goes upstream
    }

    @Override
    public boolean answersItself() {
        return true;
    }

    @Override
    public void writabilityChanged() {
        control.writabilityChanged();
    }

    @Override
    public void close() {
        control.close();
    }
}
