package dev.rift.pgwire;

import dev.rift.pgwire.message.Bind;
import dev.rift.pgwire.message.CancelRequest;
import dev.rift.pgwire.message.Describe;
import dev.rift.pgwire.message.Execute;
import dev.rift.pgwire.message.GssEncRequest;
import dev.rift.pgwire.message.Parse;
import dev.rift.pgwire.message.Query;
import dev.rift.pgwire.message.SslRequest;
import dev.rift.pgwire.message.StartupMessage;
import dev.rift.pgwire.message.Sync;
import dev.rift.pgwire.message.Terminate;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.opentest4j.AssertionFailedError;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What comes out of {@link FrontendDecoder} for what a client may (or must not) send. */
class FrontendDecoderTest {
    private static final int MAX_FRAME = 1024;
    private static final StartupMessage STARTUP = new StartupMessage(StartupMessage.PROTOCOL_3_0,
            Map.of("user", "alice", "database", "shop"));

    private final TrackingAllocator alloc = new TrackingAllocator();
    private final EmbeddedChannel channel = new EmbeddedChannel(new FrontendDecoder(MAX_FRAME));

    {
        channel.config().setAllocator(alloc);
    }

    @AfterEach
    void nothingIsLeftUnreadOrUnreleased() {
        assertFalse(channel.finishAndReleaseAll(), "the test left decoded messages unread");
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

    private void send(byte[] bytes) {
        channel.writeInbound(alloc.buffer(bytes.length).writeBytes(bytes));
    }

    private void send(Consumer<ByteBuf> encoder) {
        ByteBuf buf = alloc.buffer();
        encoder.accept(buf);
        channel.writeInbound(buf);
    }

    private void startSession() {
        send(STARTUP::encode);
        assertEquals(STARTUP, channel.readInbound());
    }

    private void assertNextFrame(byte[] expected) {
        ByteBuf frame = channel.readInbound();
        try {
            assertArrayEquals(expected, ByteBufUtil.getBytes(frame));
        } finally {
            frame.release();
        }
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    @Test
    void theStartupMessageComesOutDecodedAndLaterFramesComeOutWhole() {
        startSession();
        byte[] query = encoded(new Query("SELECT 1")::encode);
        byte[] terminate = encoded(Terminate.INSTANCE::encode);

        send(query);
        assertNextFrame(query);
        send(terminate);
        assertNextFrame(terminate);
        assertNull(channel.readInbound());
    }

    @Test
    void anSslRequestComesOutAloneAndTheStartupMessageFollowsIt() {
        send(SslRequest.INSTANCE::encode);
        assertEquals(SslRequest.INSTANCE, channel.readInbound());
        assertNull(channel.readInbound(), "nothing more until the client has its answer");

        startSession();
        byte[] sync = encoded(Sync.INSTANCE::encode);
        send(sync);
        assertNextFrame(sync);
    }

    @Test
    void aClientMayAskForGssEncryptionThenSslBeforeItsStartup() {
        send(GssEncRequest.INSTANCE::encode);
        assertEquals(GssEncRequest.INSTANCE, channel.readInbound());
        send(SslRequest.INSTANCE::encode);
        assertEquals(SslRequest.INSTANCE, channel.readInbound());
        startSession();
    }

    @Test
    void bytesPipelinedBehindAnSslRequestAreRefusedAsPostgresRefusesThem() {
        byte[] injected = concat(encoded(SslRequest.INSTANCE::encode), encoded(STARTUP::encode));
        CorruptedFrameException e = assertThrows(CorruptedFrameException.class, () -> send(injected));
        assertEquals("received unencrypted data after SSL request", e.getMessage());
        assertNull(channel.readInbound());
    }

    @Test
    void bytesPipelinedBehindAGssEncRequestAreRefused() {
        byte[] injected = concat(encoded(GssEncRequest.INSTANCE::encode), encoded(STARTUP::encode));
        assertThrows(CorruptedFrameException.class, () -> send(injected));
        assertNull(channel.readInbound());
    }

    /** 4 bytes is protocol 3.0's key; 3.2 allows up to 256 (PostgreSQL 18 sends 32). */
    @ParameterizedTest(name = "{0}-byte key")
    @ValueSource(ints = {4, 32, 256})
    void aCancelRequestComesOutWithItsProcessIdAndKey(int keyLength) {
        byte[] key = new byte[keyLength];
        for (int i = 0; i < keyLength; i++) {
            key[i] = (byte) (i * 7 + 1);
        }
        CancelRequest cancel = new CancelRequest(4242, key);
        send(cancel::encode);
        assertEquals(cancel, channel.readInbound());
    }

    @ParameterizedTest(name = "{0}-byte key")
    @ValueSource(ints = {0, 3, 257})
    void aCancelRequestWithAKeyOutsideFourTo256BytesIsCorrupt(int keyLength) {
        assertThrows(CorruptedFrameException.class, () -> send(new CancelRequest(4242, new byte[keyLength])::encode));
        assertNull(channel.readInbound());
    }

    @Test
    void aPacketSplitIntoOneByteWritesComesOutExactlyWhenItsLastByteArrives() {
        byte[][] packets = {
                encoded(STARTUP::encode),
                encoded(new Parse("", "SELECT $1", new int[] {23})::encode),
                encoded(new Bind("", "", new short[0], new byte[][] {{'7'}}, new short[0])::encode),
                encoded(new Execute("", 0)::encode),
                encoded(Sync.INSTANCE::encode)};
        byte[] stream = concat(packets);
        List<Integer> ends = new ArrayList<>();
        int end = 0;
        for (byte[] p : packets) {
            end += p.length;
            ends.add(end);
        }

        List<Object> decoded = new ArrayList<>();
        try {
            for (int i = 0; i < stream.length; i++) {
                send(new byte[] {stream[i]});
                for (Object o; (o = channel.readInbound()) != null; ) {
                    decoded.add(o);
                }
                int sent = i + 1;
                long complete = ends.stream().filter(e -> e <= sent).count();
                assertEquals(complete, decoded.size(), "packets out after " + sent + " bytes");
            }
            assertEquals(STARTUP, decoded.get(0));
            for (int i = 1; i < packets.length; i++) {
                assertArrayEquals(packets[i], ByteBufUtil.getBytes((ByteBuf) decoded.get(i)));
            }
        } finally {
            decoded.forEach(ReferenceCountUtil::release);
        }
    }

    @Test
    void severalPacketsInOneBufferAllComeOutInOrder() {
        byte[][] frames = {
                encoded(new Parse("s1", "SELECT 1", new int[0])::encode),
                encoded(new Bind("", "s1", new short[0], new byte[0][], new short[0])::encode),
                encoded(new Describe(Describe.PORTAL, "")::encode),
                encoded(new Execute("", 0)::encode),
                encoded(Sync.INSTANCE::encode)};
        send(concat(encoded(STARTUP::encode), concat(frames)));

        assertEquals(STARTUP, channel.readInbound());
        for (byte[] frame : frames) {
            assertNextFrame(frame);
        }
        assertNull(channel.readInbound());
    }

    @ParameterizedTest(name = "length {0}")
    @ValueSource(ints = {3, 0, -1, Integer.MIN_VALUE})
    void aTypedFrameLengthBelowFourIsCorrupt(int length) {
        startSession();
        assertThrows(CorruptedFrameException.class, () -> send(b -> b.writeByte('Q').writeInt(length)));
    }

    @ParameterizedTest(name = "length {0}")
    @ValueSource(ints = {MAX_FRAME + 1, Integer.MAX_VALUE})
    void aFrameLongerThanTheMaximumIsRefusedFromItsHeaderBeforeTheBodyArrives(int length) {
        startSession();
        // Only the five header bytes are ever sent.
        TooLongFrameException e = assertThrows(TooLongFrameException.class, () -> send(b -> b.writeByte('Q').writeInt(length)));
        assertTrue(e.getMessage().contains(String.valueOf(length)), e.getMessage());
    }

    @Test
    void aFrameOfExactlyTheMaximumLengthPasses() {
        startSession();
        byte[] frame = encoded(b -> b.writeByte('d').writeInt(MAX_FRAME).writeZero(MAX_FRAME - 4));
        send(frame);
        assertNextFrame(frame);
    }

    @Test
    void afterAnErrorTheDecoderDiscardsEverythingElseWithoutComplainingAgain() {
        startSession();
        assertThrows(TooLongFrameException.class, () -> send(b -> b.writeByte('Q').writeInt(MAX_FRAME + 1)));

        // The rest of the oversized body, then a well-formed frame: neither may be taken for a message.
        send(new byte[MAX_FRAME]);
        send(new Query("SELECT 1")::encode);
        assertNull(channel.readInbound());
    }

    /** PostgreSQL takes 8 to 10004 bytes: 4 for the version at least, 10000 after the length word at most. */
    @ParameterizedTest(name = "length {0}")
    @ValueSource(ints = {7, 4, 0, -1, 10_005, Integer.MAX_VALUE})
    void aStartupLengthPostgresWouldRefuseIsCorruptFromTheLengthAlone(int length) {
        CorruptedFrameException e = assertThrows(CorruptedFrameException.class, () -> send(b -> b.writeInt(length)));
        assertEquals("invalid length of startup packet: " + length, e.getMessage());
    }

    @Test
    void aStartupMessageOfPostgresMaximumLengthIsAccepted() {
        StartupMessage shortest = STARTUP.with("options", "");
        int padding = 10_004 - encoded(shortest::encode).length;
        StartupMessage longest = STARTUP.with("options", "x".repeat(padding));
        assertEquals(10_004, encoded(longest::encode).length);

        send(longest::encode);
        assertEquals(longest, channel.readInbound());
    }

    static Stream<Named<byte[]>> malformedStartupBodies() {
        return Stream.of(
                Named.of("no terminator after the last pair", ascii("user\0alice\0")),
                Named.of("a parameter without a value", ascii("user\0")),
                Named.of("a value without its null", ascii("user\0alice")),
                Named.of("bytes after the terminator", ascii("user\0alice\0\0x")));
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedStartupBodies")
    void aMalformedStartupMessageIsCorrupt(byte[] parameters) {
        assertThrows(CorruptedFrameException.class, () -> send(b -> b.writeInt(8 + parameters.length)
                .writeInt(StartupMessage.PROTOCOL_3_0).writeBytes(parameters)));
        assertNull(channel.readInbound());
    }

    @Test
    void aFrameThatIsNotReleasedIsCaughtByTheLeakCheck() {
        // Guards the check every test here ends with: it must be able to fail.
        startSession();
        send(new Query("SELECT 1")::encode);
        ByteBuf frame = channel.readInbound();
        try {
            assertThrows(AssertionFailedError.class, alloc::assertAllReleased);
        } finally {
            frame.release();
        }
    }
}
