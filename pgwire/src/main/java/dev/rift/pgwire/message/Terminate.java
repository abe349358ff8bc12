package dev.rift.pgwire.message;

import dev.rift.pgwire.Frame;
import io.netty.buffer.ByteBuf;

/** Terminate ('X'): the client is closing the connection. */
public record Terminate() implements FrontendMessage {
    public static final char TYPE = 'X';
    public static final Terminate INSTANCE = new Terminate();

    /** The frame has no body, so there is nothing to read. */
    public static Terminate decode(ByteBuf frame) {
        return INSTANCE;
    }

    public void encode(ByteBuf out) {
        Frame.finish(out, Frame.begin(out, TYPE));
    }
}
