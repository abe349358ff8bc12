package dev.rift.router.overlay;

import dev.rift.pgwire.message.MessageType;
import dev.rift.pgwire.message.ParameterStatus;
import dev.rift.pgwire.message.Query;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What rift knows of the server's reading of the session's next text, and when it knows it. */
class ServerReadingTest {
    private static final String BACKSLASH = "SELECT '\\'' ; DELETE FROM t; -- '";

    private static void report(ServerReading reading, String name, String value) {
        ByteBuf frame = Unpooled.buffer();
        try {
            new ParameterStatus(name, value).encode(frame);
            reading.parameterStatus(frame);
        } finally {
            frame.release();
        }
    }

    private static boolean mustAwait(ServerReading reading, String sql) {
        ByteBuf frame = Unpooled.buffer();
        try {
            new Query(sql).encode(frame);
            return reading.mustAwait(frame);
        } finally {
            frame.release();
        }
    }

    @Test
    void theServersReportsAreFollowed() {
        ServerReading reading = new ServerReading();
        assertTrue(reading.standardStrings());
        report(reading, "standard_conforming_strings", "off");
        report(reading, "client_encoding", "SJIS");
        report(reading, "application_name", "x");
        assertFalse(reading.standardStrings());
        assertEquals("SJIS", reading.clientEncoding());
        assertEquals("SELECT E'\\'' ; DELETE FROM t; -- '", reading.readable(BACKSLASH));
        report(reading, "standard_conforming_strings", "on");
        assertEquals("SELECT E'\\\\'' ; DELETE FROM t; -- '", reading.readable(BACKSLASH));
    }

    @Test
    void aTextWaitsWhileAQueryIsInFlightOnlyIfTheSettingsCouldMatterToIt() {
        ServerReading reading = new ServerReading();
        assertFalse(mustAwait(reading, BACKSLASH), "nothing in flight");
        reading.sent(MessageType.QUERY);
        assertTrue(mustAwait(reading, BACKSLASH));
        assertTrue(mustAwait(reading, "SELECT 'é'"));
        assertFalse(mustAwait(reading, "SELECT 'plain ascii'"));
        reading.readyForQuery();
        assertTrue(reading.settled());
        assertFalse(mustAwait(reading, BACKSLASH));
    }

    @Test
    void afterAnExecuteWithoutSyncTheTextIsRefusedInsteadOfAwaited() {
        ServerReading reading = new ServerReading();
        reading.sent(MessageType.EXECUTE);
        assertFalse(reading.settled());
        assertFalse(mustAwait(reading, BACKSLASH), "no ReadyForQuery comes before the client's Sync");
        assertNotNull(reading.unreadable(null, BACKSLASH));
        assertNotNull(reading.unreadable(null, "SELECT 'é'"));
        assertNull(reading.unreadable(null, "SELECT E'\\'', 'plain'"));
        reading.sent(MessageType.SYNC);
        assertTrue(mustAwait(reading, BACKSLASH));
        reading.readyForQuery();
        assertNull(reading.unreadable(null, BACKSLASH));
    }

    @Test
    void bytesThatAreNotUtf8AreUnreadableButARealReplacementCharacterIsNot() {
        ServerReading reading = new ServerReading();
        byte[] latin1 = "SELECT $\u00e9$ x $\u00e8$".getBytes(StandardCharsets.ISO_8859_1);
        String decoded = new String(latin1, StandardCharsets.UTF_8);
        assertNotNull(reading.unreadable(Unpooled.wrappedBuffer(latin1), decoded));
        String real = "SELECT '\uFFFD'";
        assertNull(reading.unreadable(Unpooled.wrappedBuffer(real.getBytes(StandardCharsets.UTF_8)), real));
    }

    @Test
    void theUnsafeEncodingsAreThoseWithAsciiBytesInTheirCharacters() {
        for (String e : new String[] {"SJIS", "SHIFT_JIS_2004", "BIG5", "GBK", "UHC", "GB18030", "JOHAB", "sjis"}) {
            assertTrue(ClientEncodings.unsafe(e), e);
        }
        for (String e : new String[] {"UTF8", "EUC_JP", "EUC_CN", "EUC_KR", "EUC_TW", "LATIN1", "WIN1252", "SQL_ASCII"}) {
            assertFalse(ClientEncodings.unsafe(e), e);
        }
        assertEquals("0A000", ClientEncodings.refusal("SJIS").sqlState());
        assertTrue(ClientEncodings.refusal("SJIS").message().contains("SJIS"));
    }
}
