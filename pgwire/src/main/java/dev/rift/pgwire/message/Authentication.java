package dev.rift.pgwire.message;

import dev.rift.pgwire.Frame;
import io.netty.buffer.ByteBuf;

/**
 * Authentication ('R'): the server's side of an authentication exchange. rift relays these
 * untouched; it only needs to know which step it is, and when it is {@link #OK}.
 */
public record Authentication(int code) implements BackendMessage {
    public static final char TYPE = 'R';
    public static final int OK = 0;
    public static final int CLEARTEXT_PASSWORD = 3;
    public static final int MD5_PASSWORD = 5;
    public static final int SASL = 10;
    public static final int SASL_CONTINUE = 11;
    public static final int SASL_FINAL = 12;

    public static Authentication decode(ByteBuf frame) {
        return new Authentication(frame.getInt(frame.readerIndex() + Frame.HEADER));
    }
}
