package dev.rift.pgwire.message;

import dev.rift.pgwire.CString;
import dev.rift.pgwire.Frame;
import io.netty.buffer.ByteBuf;

/** CommandComplete ('C'): the command tag, e.g. {@code UPDATE 3} or {@code INSERT 0 1}. */
public record CommandComplete(String tag) implements BackendMessage {
    public static final char TYPE = 'C';

    public static CommandComplete decode(ByteBuf frame) {
        return new CommandComplete(CString.read(Frame.body(frame)));
    }

    public void encode(ByteBuf out) {
        int at = Frame.begin(out, TYPE);
        CString.write(out, tag);
        Frame.finish(out, at);
    }
}
