package dev.rift.pgwire.message;

import dev.rift.pgwire.Frame;
import io.netty.buffer.ByteBuf;

/** CloseComplete ('3'): a Close succeeded. */
public record CloseComplete() implements BackendMessage {
    public static final char TYPE = '3';
    public static final CloseComplete INSTANCE = new CloseComplete();

    /** The frame has no body, so there is nothing to read. */
    public static CloseComplete decode(ByteBuf frame) {
        return INSTANCE;
    }

    public void encode(ByteBuf out) {
        Frame.finish(out, Frame.begin(out, TYPE));
    }
}
