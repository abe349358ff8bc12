package dev.rift.pgwire;

import dev.rift.pgwire.message.CancelRequest;
import dev.rift.pgwire.message.GssEncRequest;
import dev.rift.pgwire.message.SslRequest;
import dev.rift.pgwire.message.StartupMessage;
import dev.rift.pgwire.message.StartupPacket;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@link FrontendDecoder} against seeded random input, mostly mangled versions of what a client
 * sends: whatever arrives, it yields startup records and whole frames, or stops with a
 * CorruptedFrameException or TooLongFrameException of its own; it never loses or invents a byte,
 * never throws anything else, never hangs, and releases every buffer. A failure names its seed.
 */
class FrontendDecoderRandomInputTest {
    private static final int SEEDS = 10_000;
    /** Small, so random lengths often exceed it. */
    private static final int MAX_FRAME = 64;

    private final Map<String, Integer> outcomes = new HashMap<>();

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void randomInputYieldsOnlyPacketsWholeFramesOrADecoderErrorAndReleasesEverything() {
        for (long seed = 0; seed < SEEDS; seed++) {
            feed(seed);
        }
        // Without these the test could pass by never reaching the interesting paths.
        for (String outcome : new String[] {"startup", "ssl", "cancel", "frame", "corrupt", "too long", "waiting"}) {
            assertTrue(outcomes.getOrDefault(outcome, 0) > 0, "no seed produced: " + outcome + " " + outcomes);
        }
    }

    private void feed(long seed) {
        Random random = new Random(seed);
        byte[] input = RandomClientBytes.generate(random, MAX_FRAME);
        TrackingAllocator alloc = new TrackingAllocator();
        EmbeddedChannel channel = new EmbeddedChannel(new FrontendDecoder(MAX_FRAME));
        channel.config().setAllocator(alloc);
        Decoded decoded = new Decoded(seed, input);

        int offset = 0;
        boolean failed = false;
        while (offset < input.length && !failed) {
            int n = 1 + random.nextInt(Math.min(input.length - offset, 1 + random.nextInt(40)));
            ByteBuf chunk = alloc.buffer(n).writeBytes(input, offset, n);
            offset += n;
            try {
                channel.writeInbound(chunk);
            } catch (CorruptedFrameException | TooLongFrameException e) {
                failed = true;
                count(e instanceof TooLongFrameException ? "too long" : "corrupt");
            } catch (RuntimeException e) {
                fail("seed " + seed + ": unexpected " + e, e);
            }
            for (Object out; (out = channel.readInbound()) != null; ) {
                decoded.accept(out);
            }
        }
        if (!failed) {
            count("waiting");
        }
        assertFalse(channel.finishAndReleaseAll(), "seed " + seed + ": output after the channel closed");
        decoded.assertFramesAreTheInputAfterTheStartupPackets();
        decoded.assertWhatFollowsWasRightlyRefusedOrIsIncomplete(failed, offset);
        alloc.assertAllReleased();
    }

    private void count(String outcome) {
        outcomes.merge(outcome, 1, Integer::sum);
    }

    /** Checks each output as it comes and keeps the frames' bytes to compare with the input. */
    private final class Decoded {
        private final long seed;
        private final byte[] input;
        private final ByteArrayOutputStream frames = new ByteArrayOutputStream();
        private int startupBytes;
        private boolean sessionStarted;

        Decoded(long seed, byte[] input) {
            this.seed = seed;
            this.input = input;
        }

        void accept(Object out) {
            try {
                if (out instanceof ByteBuf frame) {
                    acceptFrame(frame);
                } else if (out instanceof StartupPacket packet) {
                    acceptPacket(packet);
                } else {
                    fail("seed " + seed + ": unexpected output " + out);
                }
            } finally {
                ReferenceCountUtil.release(out);
            }
        }

        private void acceptFrame(ByteBuf frame) {
            assertTrue(sessionStarted, "seed " + seed + ": a typed frame before the startup");
            int length = frame.getInt(frame.readerIndex() + 1);
            assertEquals(frame.readableBytes(), length + 1, "seed " + seed + ": frame length");
            assertTrue(length >= 4 && length <= MAX_FRAME, "seed " + seed + ": frame length " + length);
            frames.writeBytes(ByteBufUtil.getBytes(frame));
            count("frame");
        }

        private void acceptPacket(StartupPacket packet) {
            assertFalse(sessionStarted, "seed " + seed + ": " + packet + " after the startup");
            // Startup packets are consumed whole, so the next one starts where this one's length says.
            startupBytes += ByteBuffer.wrap(input, startupBytes, 4).getInt();
            if (packet instanceof StartupMessage || packet instanceof CancelRequest) {
                sessionStarted = true;
            }
            count(packet instanceof StartupMessage ? "startup"
                    : packet instanceof CancelRequest ? "cancel"
                    : packet instanceof SslRequest || packet instanceof GssEncRequest ? "ssl" : "other");
        }

        /** Nothing lost, nothing invented: the frames are exactly the bytes that followed the startup. */
        void assertFramesAreTheInputAfterTheStartupPackets() {
            byte[] out = frames.toByteArray();
            assertArrayEquals(Arrays.copyOfRange(input, startupBytes, startupBytes + out.length), out,
                    "seed " + seed + ": frame bytes");
        }

        /**
         * Where the output stops, the decoder must have had a reason: once the session has started,
         * a refused header really is out of bounds; if nothing was refused, what is left is less
         * than a whole frame or startup packet, so none was held back.
         */
        void assertWhatFollowsWasRightlyRefusedOrIsIncomplete(boolean failed, int fed) {
            int at = startupBytes + frames.size();
            int left = fed - at;
            if (sessionStarted && failed) {
                assertTrue(left >= Frame.HEADER, "seed " + seed + ": refused before a whole header arrived");
                int length = ByteBuffer.wrap(input, at + 1, 4).getInt();
                assertTrue(length < 4 || length > MAX_FRAME, "seed " + seed + ": refused a valid header, length " + length);
            } else if (sessionStarted && left >= Frame.HEADER) {
                int length = ByteBuffer.wrap(input, at + 1, 4).getInt();
                assertTrue(length >= 4 && length <= MAX_FRAME && length + 1 > left,
                        "seed " + seed + ": held back a frame of length " + length + " with " + left + " bytes there");
            } else if (!sessionStarted && !failed && left >= 4) {
                int length = ByteBuffer.wrap(input, at, 4).getInt();
                assertTrue(length >= 8 && length - 4 <= FrontendDecoder.MAX_STARTUP_LENGTH && length > left,
                        "seed " + seed + ": held back a startup packet of length " + length + " with " + left + " bytes there");
            }
        }
    }
}
