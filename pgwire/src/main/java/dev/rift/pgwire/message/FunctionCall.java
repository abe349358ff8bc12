package dev.rift.pgwire.message;

import dev.rift.pgwire.Frame;
import io.netty.buffer.ByteBuf;

import java.util.Arrays;

/** FunctionCall ('F'): the legacy fast-path call of a function by OID; {@code null} arguments are SQL NULL. */
public record FunctionCall(int functionOid, short[] argumentFormats, byte[][] arguments, short resultFormat) implements FrontendMessage {
    public static final char TYPE = 'F';

    public static FunctionCall decode(ByteBuf frame) {
        ByteBuf body = Frame.body(frame);
        int oid = body.readInt();
        short[] formats = FormatCodes.read(body);
        byte[][] arguments = Value.readList(body);
        return new FunctionCall(oid, formats, arguments, body.readShort());
    }

    public void encode(ByteBuf out) {
        int at = Frame.begin(out, TYPE);
        out.writeInt(functionOid);
        FormatCodes.write(out, argumentFormats);
        Value.writeList(out, arguments);
        out.writeShort(resultFormat);
        Frame.finish(out, at);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FunctionCall f && f.functionOid == functionOid && f.resultFormat == resultFormat
                && Arrays.equals(f.argumentFormats, argumentFormats) && Arrays.deepEquals(f.arguments, arguments);
    }

    @Override
    public int hashCode() {
        return functionOid * 31 + resultFormat;
    }

    @Override
    public String toString() {
        return "FunctionCall[functionOid=" + functionOid + ", argumentFormats=" + Arrays.toString(argumentFormats)
                + ", arguments=" + Value.describe(arguments) + ", resultFormat=" + resultFormat + "]";
    }
}
