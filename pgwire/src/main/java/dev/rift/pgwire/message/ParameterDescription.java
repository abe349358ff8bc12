package dev.rift.pgwire.message;

import dev.rift.pgwire.Frame;
import io.netty.buffer.ByteBuf;

import java.util.Arrays;

/** ParameterDescription ('t'): the type OIDs of a described statement's parameters. */
public record ParameterDescription(int[] typeOids) implements BackendMessage {
    public static final char TYPE = 't';

    public static ParameterDescription decode(ByteBuf frame) {
        ByteBuf body = Frame.body(frame);
        int[] oids = new int[body.readUnsignedShort()];
        for (int i = 0; i < oids.length; i++) {
            oids[i] = body.readInt();
        }
        return new ParameterDescription(oids);
    }

    public void encode(ByteBuf out) {
        int at = Frame.begin(out, TYPE);
        out.writeShort(typeOids.length);
        for (int oid : typeOids) {
            out.writeInt(oid);
        }
        Frame.finish(out, at);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ParameterDescription p && Arrays.equals(p.typeOids, typeOids);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(typeOids);
    }

    @Override
    public String toString() {
        return "ParameterDescription" + Arrays.toString(typeOids);
    }
}
