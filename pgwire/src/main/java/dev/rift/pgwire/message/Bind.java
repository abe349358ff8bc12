package dev.rift.pgwire.message;

import dev.rift.pgwire.CString;
import dev.rift.pgwire.Frame;
import io.netty.buffer.ByteBuf;

import java.util.Arrays;

/**
 * Bind ('B'): make portal {@code portal} from prepared statement {@code statement} ("" names the
 * unnamed one of each). A value of {@code null} is SQL NULL. Format codes follow the protocol's
 * rule: none means all text, one applies to all, otherwise one per parameter or result column.
 */
public record Bind(String portal, String statement, short[] parameterFormats, byte[][] parameterValues,
                   short[] resultFormats) implements FrontendMessage {
    public static final char TYPE = 'B';

    /** The portal and statement names alone, without copying the parameter values (for routing decisions). */
    public record Names(String portal, String statement) {}

    public static Names names(ByteBuf frame) {
        ByteBuf body = Frame.body(frame);
        return new Names(CString.read(body), CString.read(body));
    }

    public static Bind decode(ByteBuf frame) {
        ByteBuf body = Frame.body(frame);
        String portal = CString.read(body);
        String statement = CString.read(body);
        short[] parameterFormats = FormatCodes.read(body);
        byte[][] values = Value.readList(body);
        short[] resultFormats = FormatCodes.read(body);
        return new Bind(portal, statement, parameterFormats, values, resultFormats);
    }

    public void encode(ByteBuf out) {
        int at = Frame.begin(out, TYPE);
        CString.write(out, portal);
        CString.write(out, statement);
        FormatCodes.write(out, parameterFormats);
        Value.writeList(out, parameterValues);
        FormatCodes.write(out, resultFormats);
        Frame.finish(out, at);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bind b && b.portal.equals(portal) && b.statement.equals(statement)
                && Arrays.equals(b.parameterFormats, parameterFormats)
                && Arrays.deepEquals(b.parameterValues, parameterValues)
                && Arrays.equals(b.resultFormats, resultFormats);
    }

    @Override
    public int hashCode() {
        return portal.hashCode() * 31 + statement.hashCode();
    }

    @Override
    public String toString() {
        return "Bind[portal=" + portal + ", statement=" + statement
                + ", parameterFormats=" + Arrays.toString(parameterFormats)
                + ", parameterValues=" + Value.describe(parameterValues)
                + ", resultFormats=" + Arrays.toString(resultFormats) + "]";
    }
}
