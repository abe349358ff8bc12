package dev.rift.pgwire;

import dev.rift.pgwire.message.CommandComplete;
import dev.rift.pgwire.message.ParameterStatus;
import dev.rift.pgwire.message.ReadyForQuery;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** What comes out of {@link BackendDecoder} for what a server sends. */
class BackendDecoderTest {
    private static final int MAX_FRAME = 256;

    private final TrackingAllocator alloc = new TrackingAllocator();
    private final EmbeddedChannel channel = new EmbeddedChannel(new BackendDecoder(MAX_FRAME));

    {
        channel.config().setAllocator(alloc);
    }

    @AfterEach
    void nothingIsLeftUnreadOrUnreleased() {
        assertFalse(channel.finishAndReleaseAll(), "the test left decoded frames unread");
        alloc.assertAllReleased();
    }

    private byte[] encoded(Consumer<ByteBuf> encoder) {
        ByteBuf buf = alloc.buffer();
        try {
            encoder.accept(buf);
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }

    private void send(byte[] bytes, int from, int to) {
        channel.writeInbound(alloc.buffer().writeBytes(bytes, from, to - from));
    }

    private void assertNextFrame(byte[] expected) {
        ByteBuf frame = channel.readInbound();
        try {
            assertArrayEquals(expected, ByteBufUtil.getBytes(frame));
        } finally {
            frame.release();
        }
    }

    @Test
    void framesComeOutWholeWhateverTheReadsTheyArriveIn() {
        byte[] status = encoded(new ParameterStatus("TimeZone", "UTC")::encode);
        byte[] complete = encoded(new CommandComplete("SELECT 1")::encode);
        byte[] ready = encoded(new ReadyForQuery('I')::encode);
        byte[] stream = new byte[status.length + complete.length + ready.length];
        System.arraycopy(status, 0, stream, 0, status.length);
        System.arraycopy(complete, 0, stream, status.length, complete.length);
        System.arraycopy(ready, 0, stream, status.length + complete.length, ready.length);

        // The first read ends inside the second frame's header; the second read holds the rest.
        int cut = status.length + 3;
        send(stream, 0, cut);
        assertNextFrame(status);
        assertNull(channel.readInbound());
        send(stream, cut, stream.length);
        assertNextFrame(complete);
        assertNextFrame(ready);
    }

    @Test
    void aServerFrameLongerThanTheMaximumIsRefusedFromItsHeader() {
        byte[] header = encoded(b -> b.writeByte('D').writeInt(MAX_FRAME + 1));
        assertThrows(TooLongFrameException.class, () -> send(header, 0, header.length));
    }

    @Test
    void aServerFrameLengthBelowFourIsCorruptAndEverythingAfterItIsDiscarded() {
        byte[] bad = encoded(b -> b.writeByte('Z').writeInt(3));
        assertThrows(CorruptedFrameException.class, () -> send(bad, 0, bad.length));

        byte[] ready = encoded(new ReadyForQuery('I')::encode);
        send(ready, 0, ready.length);
        assertNull(channel.readInbound());
    }
}
