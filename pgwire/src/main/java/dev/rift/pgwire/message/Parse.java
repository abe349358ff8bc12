package dev.rift.pgwire.message;

import dev.rift.pgwire.CString;
import dev.rift.pgwire.Frame;
import io.netty.buffer.ByteBuf;

import java.util.Arrays;

/** Parse ('P'): prepare {@code sql} as statement {@code name} ("" is the unnamed statement). */
public record Parse(String name, String sql, int[] parameterTypes) implements FrontendMessage {
    public static final char TYPE = 'P';

    public static Parse decode(ByteBuf frame) {
        ByteBuf body = Frame.body(frame);
        String name = CString.read(body);
        String sql = CString.read(body);
        int[] types = new int[body.readUnsignedShort()];
        for (int i = 0; i < types.length; i++) {
            types[i] = body.readInt();
        }
        return new Parse(name, sql, types);
    }

    public void encode(ByteBuf out) {
        int at = Frame.begin(out, TYPE);
        CString.write(out, name);
        CString.write(out, sql);
        out.writeShort(parameterTypes.length);
        for (int t : parameterTypes) {
            out.writeInt(t);
        }
        Frame.finish(out, at);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Parse p && p.name.equals(name) && p.sql.equals(sql)
                && Arrays.equals(p.parameterTypes, parameterTypes);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + sql.hashCode();
    }

    @Override
    public String toString() {
        return "Parse[name=" + name + ", sql=" + sql + ", parameterTypes=" + Arrays.toString(parameterTypes) + "]";
    }
}
