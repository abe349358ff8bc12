package dev.rift.pgwire.message;

import dev.rift.pgwire.Frame;
import io.netty.buffer.ByteBuf;

/** BindComplete ('2'): a Bind succeeded. */
public record BindComplete() implements BackendMessage {
    public static final char TYPE = '2';
    public static final BindComplete INSTANCE = new BindComplete();

    /** The frame has no body, so there is nothing to read. */
    public static BindComplete decode(ByteBuf frame) {
        return INSTANCE;
    }

    public void encode(ByteBuf out) {
        Frame.finish(out, Frame.begin(out, TYPE));
    }
}
