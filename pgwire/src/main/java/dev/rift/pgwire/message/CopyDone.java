package dev.rift.pgwire.message;

import dev.rift.pgwire.Frame;
import io.netty.buffer.ByteBuf;

/** CopyDone ('c'): the end of a COPY data stream, in either direction. */
public record CopyDone() implements FrontendMessage, BackendMessage {
    public static final char TYPE = 'c';
    public static final CopyDone INSTANCE = new CopyDone();

    /** The frame has no body, so there is nothing to read. */
    public static CopyDone decode(ByteBuf frame) {
        return INSTANCE;
    }

    public void encode(ByteBuf out) {
        Frame.finish(out, Frame.begin(out, TYPE));
    }
}
