package dev.rift.pgwire.message;

import dev.rift.pgwire.CString;
import dev.rift.pgwire.Frame;
import io.netty.buffer.ByteBuf;

/** Execute ('E'): run portal {@code portal}, returning at most {@code maxRows} rows (0 means no limit). */
public record Execute(String portal, int maxRows) implements FrontendMessage {
    public static final char TYPE = 'E';

    public static Execute decode(ByteBuf frame) {
        ByteBuf body = Frame.body(frame);
        String portal = CString.read(body);
        return new Execute(portal, body.readInt());
    }

    public void encode(ByteBuf out) {
        int at = Frame.begin(out, TYPE);
        CString.write(out, portal);
        out.writeInt(maxRows);
        Frame.finish(out, at);
    }
}
