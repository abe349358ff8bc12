package dev.rift.pgwire.message;

import dev.rift.pgwire.Frame;
import io.netty.buffer.ByteBuf;

import java.util.Arrays;

/** BackendKeyData ('K'): the process id and secret key a client cancels with. */
public record BackendKeyData(int processId, byte[] secretKey) implements BackendMessage {
    public static final char TYPE = 'K';

    public static BackendKeyData decode(ByteBuf frame) {
        ByteBuf body = Frame.body(frame);
        int pid = body.readInt();
        byte[] key = new byte[body.readableBytes()];
        body.readBytes(key);
        return new BackendKeyData(pid, key);
    }

    public void encode(ByteBuf out) {
        int at = Frame.begin(out, TYPE);
        out.writeInt(processId);
        out.writeBytes(secretKey);
        Frame.finish(out, at);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BackendKeyData k && k.processId == processId && Arrays.equals(k.secretKey, secretKey);
    }

    @Override
    public int hashCode() {
        return 31 * processId + Arrays.hashCode(secretKey);
    }

    @Override
    public String toString() {
        return "BackendKeyData[processId=" + processId + "]";
    }
}
