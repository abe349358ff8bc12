package dev.rift.pgwire.message;

import dev.rift.pgwire.Frame;
import io.netty.buffer.ByteBuf;

/** Flush ('H'): asks the server to send what it has produced so far, without ending the batch. */
public record Flush() implements FrontendMessage {
    public static final char TYPE = 'H';
    public static final Flush INSTANCE = new Flush();

    /** The frame has no body, so there is nothing to read. */
    public static Flush decode(ByteBuf frame) {
        return INSTANCE;
    }

    public void encode(ByteBuf out) {
        Frame.finish(out, Frame.begin(out, TYPE));
    }
}
