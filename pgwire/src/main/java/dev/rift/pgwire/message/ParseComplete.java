package dev.rift.pgwire.message;

import dev.rift.pgwire.Frame;
import io.netty.buffer.ByteBuf;

/** ParseComplete ('1'): a Parse succeeded. */
public record ParseComplete() implements BackendMessage {
    public static final char TYPE = '1';
    public static final ParseComplete INSTANCE = new ParseComplete();

    /** The frame has no body, so there is nothing to read. */
    public static ParseComplete decode(ByteBuf frame) {
        return INSTANCE;
    }

    public void encode(ByteBuf out) {
        Frame.finish(out, Frame.begin(out, TYPE));
    }
}
