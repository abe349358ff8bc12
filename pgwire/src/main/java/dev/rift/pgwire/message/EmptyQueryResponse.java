package dev.rift.pgwire.message;

import dev.rift.pgwire.Frame;
import io.netty.buffer.ByteBuf;

/** EmptyQueryResponse ('I'): stands in for CommandComplete when the query string was empty. */
public record EmptyQueryResponse() implements BackendMessage {
    public static final char TYPE = 'I';
    public static final EmptyQueryResponse INSTANCE = new EmptyQueryResponse();

    /** The frame has no body, so there is nothing to read. */
    public static EmptyQueryResponse decode(ByteBuf frame) {
        return INSTANCE;
    }

    public void encode(ByteBuf out) {
        Frame.finish(out, Frame.begin(out, TYPE));
    }
}
