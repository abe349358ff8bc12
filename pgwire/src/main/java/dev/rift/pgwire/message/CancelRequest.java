package dev.rift.pgwire.message;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.CorruptedFrameException;

import java.util.Arrays;

/**
 * CancelRequest: sent on a new connection, naming the backend by the process id and secret
 * key its BackendKeyData gave. The key is 4 bytes in protocol 3.0 and up to 256 in 3.2.
 */
public record CancelRequest(int processId, byte[] secretKey) implements StartupPacket {
    public static final int CODE = 80877102;

    public static CancelRequest decode(ByteBuf packet) {
        int length = packet.getInt(packet.readerIndex());
        if (length < 16 || length > 12 + 256) {
            throw new CorruptedFrameException("invalid length of cancel request: " + length);
        }
        int pid = packet.getInt(packet.readerIndex() + 8);
        byte[] key = new byte[length - 12];
        packet.getBytes(packet.readerIndex() + 12, key);
        return new CancelRequest(pid, key);
    }

    public void encode(ByteBuf out) {
        out.writeInt(12 + secretKey.length);
        out.writeInt(CODE);
        out.writeInt(processId);
        out.writeBytes(secretKey);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CancelRequest c && c.processId == processId && Arrays.equals(c.secretKey, secretKey);
    }

    @Override
    public int hashCode() {
        return 31 * processId + Arrays.hashCode(secretKey);
    }

    @Override
    public String toString() {
        return "CancelRequest[processId=" + processId + "]";
    }
}
