package dev.rift.pgwire.message;

import dev.rift.pgwire.Frame;
import io.netty.buffer.ByteBuf;

import java.util.Arrays;

/**
 * CopyData ('d'): a chunk of a COPY stream, in either direction. On the hot path these are
 * forwarded as raw frames and never decoded; this record is for tests and for rewriting.
 */
public record CopyData(byte[] data) implements FrontendMessage, BackendMessage {
    public static final char TYPE = 'd';

    public static CopyData decode(ByteBuf frame) {
        ByteBuf body = Frame.body(frame);
        byte[] data = new byte[body.readableBytes()];
        body.readBytes(data);
        return new CopyData(data);
    }

    public void encode(ByteBuf out) {
        int at = Frame.begin(out, TYPE);
        out.writeBytes(data);
        Frame.finish(out, at);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CopyData c && Arrays.equals(c.data, data);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "CopyData[" + data.length + " bytes]";
    }
}
