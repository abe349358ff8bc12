package dev.rift.pgwire.message;

import dev.rift.pgwire.CString;
import dev.rift.pgwire.Frame;
import io.netty.buffer.ByteBuf;

/** CopyFail ('f'): the client aborts a COPY FROM STDIN, giving the reason the server reports back. */
public record CopyFail(String message) implements FrontendMessage {
    public static final char TYPE = 'f';

    public static CopyFail decode(ByteBuf frame) {
        return new CopyFail(CString.read(Frame.body(frame)));
    }

    public void encode(ByteBuf out) {
        int at = Frame.begin(out, TYPE);
        CString.write(out, message);
        Frame.finish(out, at);
    }
}
