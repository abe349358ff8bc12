package dev.rift.pgwire.message;

import dev.rift.pgwire.Frame;
import io.netty.buffer.ByteBuf;

import java.util.Arrays;

/** DataRow ('D'): one row's column values, in the formats the RowDescription gave; {@code null} is SQL NULL. */
public record DataRow(byte[][] values) implements BackendMessage {
    public static final char TYPE = 'D';

    public static DataRow decode(ByteBuf frame) {
        return new DataRow(Value.readList(Frame.body(frame)));
    }

    public void encode(ByteBuf out) {
        int at = Frame.begin(out, TYPE);
        Value.writeList(out, values);
        Frame.finish(out, at);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DataRow r && Arrays.deepEquals(r.values, values);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(values);
    }

    @Override
    public String toString() {
        return "DataRow" + Value.describe(values);
    }
}
