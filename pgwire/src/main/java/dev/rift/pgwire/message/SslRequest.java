package dev.rift.pgwire.message;

import io.netty.buffer.ByteBuf;

/** SSLRequest: the client asks for TLS before its startup. */
public record SslRequest() implements StartupPacket {
    public static final int CODE = 80877103;
    public static final SslRequest INSTANCE = new SslRequest();

    public void encode(ByteBuf out) {
        out.writeInt(8);
        out.writeInt(CODE);
    }
}
