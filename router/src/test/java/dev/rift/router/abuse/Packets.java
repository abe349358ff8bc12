package dev.rift.router.abuse;

import dev.rift.pgwire.message.CancelRequest;
import dev.rift.pgwire.message.GssEncRequest;
import dev.rift.pgwire.message.SslRequest;
import dev.rift.pgwire.message.StartupMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The bytes a client puts on the wire, well-formed or deliberately not. Well-formed packets come
 * from pgwire's own encoders, so the tests and the proxy agree on what "valid" means.
 */
public final class Packets {
    private Packets() {
    }

    public static byte[] startup(Map<String, String> parameters) {
        return startup(StartupMessage.PROTOCOL_3_0, parameters);
    }

    static byte[] startup(int protocolVersion, Map<String, String> parameters) {
        return encode(out -> new StartupMessage(protocolVersion, parameters).encode(out));
    }

    static byte[] sslRequest() {
        return encode(SslRequest.INSTANCE::encode);
    }

    /** pgwire decodes GSSENCRequest but never sends one, so it has no encoder. */
    static byte[] gssEncRequest() {
        return ByteBuffer.allocate(8).putInt(8).putInt(GssEncRequest.CODE).array();
    }

    static byte[] cancelRequest(int processId, byte[] secretKey) {
        return encode(out -> new CancelRequest(processId, secretKey).encode(out));
    }

    /** Only the 4-byte length word a startup packet begins with, claiming {@code length}. */
    static byte[] startupLengthWord(int length) {
        return ByteBuffer.allocate(4).putInt(length).array();
    }

    /** A typed frame whose length word is right for {@code body}. */
    public static byte[] frame(char type, byte[] body) {
        return ByteBuffer.allocate(5 + body.length).put((byte) type).putInt(4 + body.length).put(body).array();
    }

    /** The 5-byte header of a typed frame claiming {@code length} (which counts itself), no body. */
    static byte[] header(char type, int length) {
        return ByteBuffer.allocate(5).put((byte) type).putInt(length).array();
    }

    static byte[] query(String sql) {
        byte[] text = sql.getBytes(StandardCharsets.UTF_8);
        return frame('Q', ByteBuffer.allocate(text.length + 1).put(text).put((byte) 0).array());
    }

    public static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] p : parts) {
            length += p.length;
        }
        ByteBuffer b = ByteBuffer.allocate(length);
        for (byte[] p : parts) {
            b.put(p);
        }
        return b.array();
    }

    /** The messages, encoded one after another as a client sends them. */
    public static byte[] messages(dev.rift.pgwire.message.FrontendMessage... messages) {
        return encode(out -> {
            for (dev.rift.pgwire.message.FrontendMessage m : messages) {
                m.encode(out);
            }
        });
    }

    private static byte[] encode(Consumer<ByteBuf> encoder) {
        ByteBuf out = Unpooled.buffer();
        try {
            encoder.accept(out);
            return ByteBufUtil.getBytes(out);
        } finally {
            out.release();
        }
    }
}
