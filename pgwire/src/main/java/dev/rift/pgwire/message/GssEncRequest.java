package dev.rift.pgwire.message;

import io.netty.buffer.ByteBuf;

/** GSSENCRequest: the client asks for GSSAPI encryption before its startup. */
public record GssEncRequest() implements StartupPacket {
    public static final int CODE = 80877104;
    public static final GssEncRequest INSTANCE = new GssEncRequest();

    public void encode(ByteBuf out) {
        out.writeInt(8);
        out.writeInt(CODE);
    }
}
