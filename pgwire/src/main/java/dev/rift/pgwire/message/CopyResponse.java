package dev.rift.pgwire.message;

import dev.rift.pgwire.Frame;
import io.netty.buffer.ByteBuf;

import java.util.Arrays;

/**
 * CopyInResponse ('G'), CopyOutResponse ('H') or CopyBothResponse ('W'): the server enters a COPY
 * mode. {@code overallFormat} is 0 for text, 1 for binary; one format code per column follows.
 */
public record CopyResponse(char type, byte overallFormat, short[] columnFormats) implements BackendMessage {
    public static final char IN = 'G';
    public static final char OUT = 'H';
    public static final char BOTH = 'W';

    public static CopyResponse decode(ByteBuf frame) {
        char type = (char) frame.getByte(frame.readerIndex());
        ByteBuf body = Frame.body(frame);
        byte overall = body.readByte();
        return new CopyResponse(type, overall, FormatCodes.read(body));
    }

    public void encode(ByteBuf out) {
        int at = Frame.begin(out, type);
        out.writeByte(overallFormat);
        FormatCodes.write(out, columnFormats);
        Frame.finish(out, at);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CopyResponse c && c.type == type && c.overallFormat == overallFormat
                && Arrays.equals(c.columnFormats, columnFormats);
    }

    @Override
    public int hashCode() {
        return (type * 31 + overallFormat) * 31 + Arrays.hashCode(columnFormats);
    }

    @Override
    public String toString() {
        return "CopyResponse[type=" + type + ", overallFormat=" + overallFormat
                + ", columnFormats=" + Arrays.toString(columnFormats) + "]";
    }
}
