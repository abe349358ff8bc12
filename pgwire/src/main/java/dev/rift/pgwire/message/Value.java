package dev.rift.pgwire.message;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.CorruptedFrameException;

import java.util.StringJoiner;

/**
 * A parameter, column or function value as the protocol carries it: an int32 length, -1 for
 * SQL NULL, then that many bytes. Lists of them are preceded by an int16 count.
 */
final class Value {
    private static final int NULL_LENGTH = -1;

    private Value() {}

    /** Reads one value; {@code null} is SQL NULL. */
    static byte[] read(ByteBuf body) {
        int length = body.readInt();
        if (length == NULL_LENGTH) {
            return null;
        }
        // Checked before allocating, so a forged length cannot make us reserve gigabytes.
        if (length < 0 || length > body.readableBytes()) {
            throw new CorruptedFrameException("invalid value length " + length);
        }
        byte[] value = new byte[length];
        body.readBytes(value);
        return value;
    }

    static void write(ByteBuf out, byte[] value) {
        if (value == null) {
            out.writeInt(NULL_LENGTH);
        } else {
            out.writeInt(value.length);
            out.writeBytes(value);
        }
    }

    static byte[][] readList(ByteBuf body) {
        byte[][] values = new byte[body.readUnsignedShort()][];
        for (int i = 0; i < values.length; i++) {
            values[i] = read(body);
        }
        return values;
    }

    static void writeList(ByteBuf out, byte[][] values) {
        out.writeShort(values.length);
        for (byte[] v : values) {
            write(out, v);
        }
    }

    /** Sizes only: values can be passwords or personal data, and toString ends up in logs. */
    static String describe(byte[][] values) {
        StringJoiner s = new StringJoiner(", ", "[", "]");
        for (byte[] v : values) {
            s.add(v == null ? "NULL" : v.length + " bytes");
        }
        return s.toString();
    }
}
