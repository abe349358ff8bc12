package dev.rift.pgwire;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;

import java.util.List;

/** Splits what a PostgreSQL server sends into whole typed {@link Frame} buffers. */
public final class BackendDecoder extends FailStopDecoder {
    private final int maxFrameLength;

    public BackendDecoder(int maxFrameLength) {
        this.maxFrameLength = maxFrameLength;
    }

    @Override
    protected void decodeFrames(ByteBuf in, List<Object> out) {
        while (in.readableBytes() >= Frame.HEADER) {
            int start = in.readerIndex();
            int length = in.getInt(start + 1);
            if (length < 4) {
                throw new CorruptedFrameException("invalid message length " + length + " from server");
            }
            if (length > maxFrameLength) {
                throw new TooLongFrameException("server message length " + length
                        + " exceeds the maximum of " + maxFrameLength + " bytes");
            }
            if (in.readableBytes() < length + 1) {
                return;
            }
            out.add(in.retainedSlice(start, length + 1));
            in.skipBytes(length + 1);
        }
    }
}
