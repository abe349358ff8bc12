package dev.rift.pgwire.message;

import dev.rift.pgwire.Frame;
import io.netty.buffer.ByteBuf;

/** PortalSuspended ('s'): an Execute reached its row limit before the portal was exhausted. */
public record PortalSuspended() implements BackendMessage {
    public static final char TYPE = 's';
    public static final PortalSuspended INSTANCE = new PortalSuspended();

    /** The frame has no body, so there is nothing to read. */
    public static PortalSuspended decode(ByteBuf frame) {
        return INSTANCE;
    }

    public void encode(ByteBuf out) {
        Frame.finish(out, Frame.begin(out, TYPE));
    }
}
