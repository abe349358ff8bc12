package dev.rift.router.abuse;

import dev.rift.pgwire.message.ErrorResponse;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a hostile client may be told before it is hung up on. */
final class Replies {
    private Replies() {
    }

    /** The connection ended (not left hanging) and its last word was a FATAL with {@code sqlState}. */
    static ErrorResponse assertFatal(RawPgClient.Ending end, String sqlState) {
        assertTrue(end.ended(), "the connection should have been ended, but: " + end);
        ErrorResponse error = end.error().orElseThrow(() -> new AssertionError("no ErrorResponse in " + end));
        assertEquals(List.of("FATAL", sqlState), List.of(error.severity(), error.sqlState()),
                "severity and SQLSTATE of " + error.fields());
        return error;
    }

    /** Words of a Java or Netty exception, which a client must never be shown (the log has them). */
    private static final List<String> INTERNALS = List.of("Index", "ByteBuf", "readerIndex", "Exception", "io.netty",
            "java.", "\tat ");

    /** The error's message and hint are rift's or PostgreSQL's own words, with nothing of an exception in them. */
    static ErrorResponse assertOwnWords(ErrorResponse error) {
        for (String word : INTERNALS) {
            error.fields().values().forEach(text -> assertTrue(!text.contains(word),
                    "\"" + word + "\" in what the client is told: " + error.fields()));
        }
        return error;
    }

    /** The connection was closed without a single byte in answer. */
    static void assertClosedWithoutAWord(RawPgClient.Ending end) {
        assertEquals(RawPgClient.Ending.How.CLOSED, end.how(), "how the connection ended: " + end);
        assertEquals(0, end.received().length, "bytes received before the close: " + end);
    }

    /** What a client is shown of an error: severity, SQLSTATE and message (not PostgreSQL's source location). */
    static List<String> visible(ErrorResponse error) {
        return List.of(error.severity(), error.sqlState(), error.message());
    }
}
