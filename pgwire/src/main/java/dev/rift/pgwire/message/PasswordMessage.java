package dev.rift.pgwire.message;

import dev.rift.pgwire.Frame;
import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * PasswordMessage ('p'): the client's answer in an authentication exchange. The same type byte
 * carries a password, a SASLInitialResponse and a SASLResponse; which one it is depends on the
 * Authentication request it answers, so the body is kept as raw bytes.
 */
public record PasswordMessage(byte[] data) implements FrontendMessage {
    public static final char TYPE = 'p';

    /** A cleartext or MD5 password answer: the string, null-terminated. */
    public static PasswordMessage of(String password) {
        byte[] text = password.getBytes(StandardCharsets.UTF_8);
        return new PasswordMessage(Arrays.copyOf(text, text.length + 1));
    }

    public static PasswordMessage decode(ByteBuf frame) {
        ByteBuf body = Frame.body(frame);
        byte[] data = new byte[body.readableBytes()];
        body.readBytes(data);
        return new PasswordMessage(data);
    }

    public void encode(ByteBuf out) {
        int at = Frame.begin(out, TYPE);
        out.writeBytes(data);
        Frame.finish(out, at);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PasswordMessage p && Arrays.equals(p.data, data);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(data);
    }

    /** Never shows the bytes: they are a password or a SASL proof. */
    @Override
    public String toString() {
        return "PasswordMessage[" + data.length + " bytes]";
    }
}
