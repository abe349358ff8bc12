package dev.rift.pgwire.message;

import dev.rift.pgwire.Frame;
import io.netty.buffer.ByteBuf;

/** ReadyForQuery ('Z') with the transaction status: 'I' idle, 'T' in a transaction, 'E' failed. */
public record ReadyForQuery(char status) implements BackendMessage {
    public static final char TYPE = 'Z';

    public static ReadyForQuery decode(ByteBuf frame) {
        return new ReadyForQuery((char) frame.getByte(frame.readerIndex() + Frame.HEADER));
    }

    public void encode(ByteBuf out) {
        int at = Frame.begin(out, TYPE);
        out.writeByte(status);
        Frame.finish(out, at);
    }
}
