package dev.rift.pgwire.message;

import dev.rift.pgwire.Frame;
import io.netty.buffer.ByteBuf;

/**
 * Sync ('S'): ends an extended-query batch; the server answers with ReadyForQuery once it has
 * processed everything before it, or skipped to here after an error.
 */
public record Sync() implements FrontendMessage {
    public static final char TYPE = 'S';
    public static final Sync INSTANCE = new Sync();

    /** The frame has no body, so there is nothing to read. */
    public static Sync decode(ByteBuf frame) {
        return INSTANCE;
    }

    public void encode(ByteBuf out) {
        Frame.finish(out, Frame.begin(out, TYPE));
    }
}
