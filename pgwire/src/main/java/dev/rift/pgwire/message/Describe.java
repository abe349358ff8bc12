package dev.rift.pgwire.message;

import dev.rift.pgwire.CString;
import dev.rift.pgwire.Frame;
import io.netty.buffer.ByteBuf;

/** Describe ('D'): ask for the description of a prepared statement ('S') or a portal ('P'). */
public record Describe(char kind, String name) implements FrontendMessage {
    public static final char TYPE = 'D';
    public static final char STATEMENT = 'S';
    public static final char PORTAL = 'P';

    public static Describe decode(ByteBuf frame) {
        ByteBuf body = Frame.body(frame);
        char kind = (char) body.readByte();
        return new Describe(kind, CString.read(body));
    }

    public void encode(ByteBuf out) {
        int at = Frame.begin(out, TYPE);
        out.writeByte(kind);
        CString.write(out, name);
        Frame.finish(out, at);
    }
}
