package dev.rift.pgwire.message;

import io.netty.buffer.ByteBuf;

/** A list of format codes (0 text, 1 binary) preceded by its int16 count, as Bind and the Copy responses carry them. */
final class FormatCodes {
    private FormatCodes() {}

    static short[] read(ByteBuf body) {
        short[] codes = new short[body.readUnsignedShort()];
        for (int i = 0; i < codes.length; i++) {
            codes[i] = body.readShort();
        }
        return codes;
    }

    static void write(ByteBuf out, short[] codes) {
        out.writeShort(codes.length);
        for (short c : codes) {
            out.writeShort(c);
        }
    }
}
