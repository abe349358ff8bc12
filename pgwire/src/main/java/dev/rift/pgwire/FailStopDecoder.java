package dev.rift.pgwire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.util.List;

/**
 * A decoder that gives up for good at the first malformed input. Once a length or a packet is
 * wrong there is no telling where the next frame starts, so everything after it is discarded.
 * Without this the bad bytes would stay buffered and be decoded, and reported, again on every
 * later read and once more when the channel closes.
 */
abstract class FailStopDecoder extends ByteToMessageDecoder {
    private boolean failed;

    @Override
    protected final void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        try {
            decodeFrames(in, out);
        } catch (RuntimeException e) {
            failed = true;
            in.skipBytes(in.readableBytes());
            throw e;
        }
    }

    /** Decodes what is complete in {@code in}; throws a DecoderException on malformed input. */
    protected abstract void decodeFrames(ByteBuf in, List<Object> out);
}
