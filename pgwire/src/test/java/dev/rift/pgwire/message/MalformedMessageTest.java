package dev.rift.pgwire.message;

import dev.rift.pgwire.TrackingAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.CorruptedFrameException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertThrows;

/** Bodies a hostile or broken peer could send: rejected as corrupt, never trusted for an allocation. */
class MalformedMessageTest {
    private final TrackingAllocator alloc = new TrackingAllocator();

    @AfterEach
    void everyBufferWasReleased() {
        alloc.assertAllReleased();
    }

    private void assertCorrupt(Function<ByteBuf, ?> decoder, char type, int... body) {
        ByteBuf frame = alloc.buffer().writeByte(type).writeInt(4 + body.length);
        for (int b : body) {
            frame.writeByte(b);
        }
        try {
            assertThrows(CorruptedFrameException.class, () -> decoder.apply(frame));
        } finally {
            frame.release();
        }
    }

    @Test
    void aValueLengthBelowMinusOneIsCorrupt() {
        assertCorrupt(DataRow::decode, 'D', 0, 1, 0xFF, 0xFF, 0xFF, 0xFE);
    }

    @Test
    void aValueLongerThanTheRestOfTheFrameIsCorruptBeforeAnythingIsAllocated() {
        // one column claiming 2 GB: must fail on the length, not with an OutOfMemoryError
        assertCorrupt(DataRow::decode, 'D', 0, 1, 0x7F, 0xFF, 0xFF, 0xFF, 'x');
        assertCorrupt(Bind::decode, 'B', 0, 0, 0, 0, 0, 1, 0x7F, 0xFF, 0xFF, 0xFF, 0, 0);
        assertCorrupt(FunctionCallResponse::decode, 'V', 0, 0, 0, 2, 'x');
    }

    @Test
    void aNegativeOptionCountInNegotiateProtocolVersionIsCorrupt() {
        assertCorrupt(NegotiateProtocolVersion::decode, 'v', 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF);
    }

    @Test
    void aNameWithoutItsTerminatorIsCorrupt() {
        assertCorrupt(Describe::decode, 'D', 'S', 's', '1');
        assertCorrupt(NotificationResponse::decode, 'A', 0, 0, 0, 1, 'c', 'h', 0, 'p');
    }
}
