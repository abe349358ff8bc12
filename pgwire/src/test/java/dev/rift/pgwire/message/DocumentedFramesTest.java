package dev.rift.pgwire.message;

import dev.rift.pgwire.TrackingAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Messages against frames written out by hand from the layouts in the PostgreSQL documentation
 * ("Message Formats", protocol-message-formats.html), byte for byte, in both directions.
 */
class DocumentedFramesTest {
    private final TrackingAllocator alloc = new TrackingAllocator();

    @AfterEach
    void everyBufferWasReleased() {
        alloc.assertAllReleased();
    }

    /** Bytes from chars, small ints (one byte each) and strings (UTF-8, no terminator). */
    private static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object p : parts) {
            if (p instanceof Character c) {
                out.write(c);
            } else if (p instanceof Integer i) {
                out.write(i);
            } else {
                out.writeBytes(((String) p).getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toByteArray();
    }

    private <T> void assertFrame(byte[] documented, T message, BiConsumer<T, ByteBuf> encoder, Function<ByteBuf, T> decoder) {
        ByteBuf buf = alloc.buffer();
        try {
            encoder.accept(message, buf);
            assertArrayEquals(documented, ByteBufUtil.getBytes(buf), "encoded bytes");
            buf.clear().writeBytes(documented);
            assertEquals(message, decoder.apply(buf), "decoded message");
        } finally {
            buf.release();
        }
    }

    @Test
    void querySelect1IsQThenLength13ThenTheNullTerminatedText() {
        assertFrame(bytes('Q', 0, 0, 0, 13, "SELECT 1", 0), new Query("SELECT 1"), Query::encode, Query::decode);
    }

    @Test
    void readyForQueryWhileIdleIsZLength5AndI() {
        assertFrame(bytes('Z', 0, 0, 0, 5, 'I'), new ReadyForQuery('I'), ReadyForQuery::encode, ReadyForQuery::decode);
    }

    @Test
    void bodilessMessagesAreTheirTypeAndLength4() {
        assertFrame(bytes('S', 0, 0, 0, 4), Sync.INSTANCE, Sync::encode, Sync::decode);
        assertFrame(bytes('X', 0, 0, 0, 4), Terminate.INSTANCE, Terminate::encode, Terminate::decode);
        assertFrame(bytes('1', 0, 0, 0, 4), ParseComplete.INSTANCE, ParseComplete::encode, ParseComplete::decode);
        assertFrame(bytes('n', 0, 0, 0, 4), NoData.INSTANCE, NoData::encode, NoData::decode);
    }

    @Test
    void commandCompleteCarriesTheTagNullTerminated() {
        assertFrame(bytes('C', 0, 0, 0, 13, "SELECT 1", 0), new CommandComplete("SELECT 1"),
                CommandComplete::encode, CommandComplete::decode);
    }

    @Test
    void authenticationOkIsRLength8AndCode0() {
        ByteBuf buf = alloc.buffer().writeBytes(bytes('R', 0, 0, 0, 8, 0, 0, 0, 0));
        try {
            assertEquals(Authentication.OK, Authentication.decode(buf).code());
        } finally {
            buf.release();
        }
    }

    @Test
    void startupMessageIsLengthVersion3Point0AndNullTerminatedPairsEndingInAZero() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("user", "alice");
        params.put("database", "shop");
        // 4 (length) + 4 (version) + 5 + 6 + 9 + 5 (the pairs) + 1 (terminator) = 34
        assertFrame(bytes(0, 0, 0, 34, 0, 3, 0, 0, "user", 0, "alice", 0, "database", 0, "shop", 0, 0),
                new StartupMessage(StartupMessage.PROTOCOL_3_0, params), StartupMessage::encode, StartupMessage::decode);
    }

    @Test
    void cancelRequestIsLength16Code80877102ThenProcessIdAndKey() {
        // 80877102 = 0x04D2162E (1234 in the high half, 5678 in the low); 12345 = 0x3039
        assertFrame(bytes(0, 0, 0, 16, 0x04, 0xD2, 0x16, 0x2E, 0, 0, 0x30, 0x39, 1, 2, 3, 4),
                new CancelRequest(12345, new byte[] {1, 2, 3, 4}), CancelRequest::encode, CancelRequest::decode);
    }

    @Test
    void sslRequestIsLength8AndCode80877103() {
        ByteBuf buf = alloc.buffer();
        try {
            SslRequest.INSTANCE.encode(buf);
            assertArrayEquals(bytes(0, 0, 0, 8, 0x04, 0xD2, 0x16, 0x2F), ByteBufUtil.getBytes(buf));
        } finally {
            buf.release();
        }
    }

    @Test
    void bindOfOneTextParameterToTheUnnamedStatement() {
        // portal "" + statement "" + 0 parameter formats + 1 value (length 2, "42") + 0 result formats
        assertFrame(bytes('B', 0, 0, 0, 18, 0, 0, 0, 0, 0, 1, 0, 0, 0, 2, "42", 0, 0),
                new Bind("", "", new short[0], new byte[][] {"42".getBytes(StandardCharsets.US_ASCII)}, new short[0]),
                Bind::encode, Bind::decode);
    }

    @Test
    void bindNamesAreReadWithoutTheParameterValues() {
        ByteBuf buf = alloc.buffer();
        try {
            new Bind("portal-1", "stmt-7", new short[] {1}, new byte[][] {{0, 0, 0, 5}}, new short[0]).encode(buf);
            assertEquals(new Bind.Names("portal-1", "stmt-7"), Bind.names(buf));
            assertEquals(0, buf.readerIndex(), "reading the names leaves the frame as it was");
        } finally {
            buf.release();
        }
    }

    @Test
    void executeOfTheUnnamedPortalWithoutRowLimit() {
        assertFrame(bytes('E', 0, 0, 0, 9, 0, 0, 0, 0, 0), new Execute("", 0), Execute::encode, Execute::decode);
    }

    @Test
    void dataRowKeepsSqlNullAndAnEmptyValueApart() {
        // two columns: length -1 (NULL), then length 0 (the empty string)
        byte[] frame = bytes('D', 0, 0, 0, 14, 0, 2, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0);
        assertFrame(frame, new DataRow(new byte[][] {null, new byte[0]}), DataRow::encode, DataRow::decode);

        ByteBuf buf = alloc.buffer().writeBytes(frame);
        try {
            byte[][] values = DataRow.decode(buf).values();
            assertNull(values[0]);
            assertArrayEquals(new byte[0], values[1]);
        } finally {
            buf.release();
        }
    }

    @Test
    void rowDescriptionOfSelect1AsOne() {
        // "one", no table (oid 0, attnum 0), int4 (oid 23, size 4), no typmod (-1), text format
        assertFrame(bytes('T', 0, 0, 0, 28, 0, 1, "one", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 23, 0, 4, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0),
                new RowDescription(List.of(new RowDescription.Field("one", 0, (short) 0, 23, (short) 4, -1, (short) 0))),
                RowDescription::encode, RowDescription::decode);
    }
}
