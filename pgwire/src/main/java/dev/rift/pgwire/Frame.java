package dev.rift.pgwire;

import io.netty.buffer.ByteBuf;

/**
 * A typed protocol frame as it travels through rift: one buffer holding the type byte,
 * the int32 length (which counts itself) and the body. Kept whole so it can be forwarded
 * byte for byte; messages are decoded from it only when a decision needs them.
 */
public final class Frame {
    /** Bytes before the body: the type byte and the length. */
    public static final int HEADER = 5;

    private Frame() {}

    public static byte type(ByteBuf frame) {
        return frame.getByte(frame.readerIndex());
    }

    /** A view of the body, sharing the frame's memory and reference count. */
    public static ByteBuf body(ByteBuf frame) {
        return frame.slice(frame.readerIndex() + HEADER, frame.readableBytes() - HEADER);
    }

    /** Starts a frame of the given type in {@code out}; returns the index to pass to {@link #finish}. */
    public static int begin(ByteBuf out, char type) {
        out.writeByte(type);
        int lengthAt = out.writerIndex();
        out.writeInt(0);
        return lengthAt;
    }

    /** Writes the length of the frame begun at {@code lengthAt}. */
    public static void finish(ByteBuf out, int lengthAt) {
        out.setInt(lengthAt, out.writerIndex() - lengthAt);
    }
}
