package dev.rift.pgwire.message;

import dev.rift.pgwire.CString;
import dev.rift.pgwire.Frame;
import io.netty.buffer.ByteBuf;

/** Query ('Q'): one simple-protocol query string, possibly several statements. */
public record Query(String sql) implements FrontendMessage {
    public static final char TYPE = 'Q';

    public static Query decode(ByteBuf frame) {
        return new Query(CString.read(Frame.body(frame)));
    }

    public void encode(ByteBuf out) {
        int at = Frame.begin(out, TYPE);
        CString.write(out, sql);
        Frame.finish(out, at);
    }
}
