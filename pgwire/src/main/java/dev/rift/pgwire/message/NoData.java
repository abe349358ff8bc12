package dev.rift.pgwire.message;

import dev.rift.pgwire.Frame;
import io.netty.buffer.ByteBuf;

/** NoData ('n'): the described statement or portal returns no rows. */
public record NoData() implements BackendMessage {
    public static final char TYPE = 'n';
    public static final NoData INSTANCE = new NoData();

    /** The frame has no body, so there is nothing to read. */
    public static NoData decode(ByteBuf frame) {
        return INSTANCE;
    }

    public void encode(ByteBuf out) {
        Frame.finish(out, Frame.begin(out, TYPE));
    }
}
