package dev.rift.pgwire.message;

import dev.rift.pgwire.CString;
import dev.rift.pgwire.Frame;
import io.netty.buffer.ByteBuf;

/** ParameterStatus ('S'): a run-time parameter's current value, e.g. server_version. */
public record ParameterStatus(String name, String value) implements BackendMessage {
    public static final char TYPE = 'S';

    public static ParameterStatus decode(ByteBuf frame) {
        ByteBuf body = Frame.body(frame);
        return new ParameterStatus(CString.read(body), CString.read(body));
    }

    public void encode(ByteBuf out) {
        int at = Frame.begin(out, TYPE);
        CString.write(out, name);
        CString.write(out, value);
        Frame.finish(out, at);
    }
}
