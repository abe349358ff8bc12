package dev.rift.pgwire.message;

import dev.rift.pgwire.Frame;
import io.netty.buffer.ByteBuf;

import java.util.Arrays;

/** FunctionCallResponse ('V'): the result of a FunctionCall; {@code null} is SQL NULL. */
public record FunctionCallResponse(byte[] result) implements BackendMessage {
    public static final char TYPE = 'V';

    public static FunctionCallResponse decode(ByteBuf frame) {
        return new FunctionCallResponse(Value.read(Frame.body(frame)));
    }

    public void encode(ByteBuf out) {
        int at = Frame.begin(out, TYPE);
        Value.write(out, result);
        Frame.finish(out, at);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FunctionCallResponse f && Arrays.equals(f.result, result);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(result);
    }

    @Override
    public String toString() {
        return "FunctionCallResponse[" + (result == null ? "NULL" : result.length + " bytes") + "]";
    }
}
