package dev.rift.router.proxy;

import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * COPY FROM STDIN and COPY TO STDOUT through rift (CopyData streams in both directions) move
 * exactly the bytes a direct COPY moves.
 */
@ExtendWith(UpstreamExtension.class)
class CopyThroughProxyTest {

    private static final int ROWS = 100_000;
    private static final String TABLE_COLUMNS =
            "(id int PRIMARY KEY, name text, amount numeric, at timestamptz, payload bytea, note text)";
    /** Rows with the characters COPY must escape (tab, newline, backslash), NULLs and non-ASCII text. */
    private static final String SOURCE_ROWS = "SELECT i, 'name ' || i || E'\\twith tab\\nand newline \\\\ ünï', "
            + "(i * 1.25)::numeric, timestamptz '2024-01-01 00:00+00' + i * interval '1 minute', "
            + "decode(md5(i::text), 'hex'), CASE WHEN i % 7 = 0 THEN NULL ELSE 'note ' || i END "
            + "FROM generate_series(1, " + ROWS + ") i";

    private static ProxiedUpstream proxy;
    /** The rows to copy in, as PostgreSQL itself writes them in COPY's text format. */
    private static byte[] copyInput;

    @BeforeAll
    static void startProxy(TestUpstream pg) throws Exception {
        proxy = ProxiedUpstream.start(pg);
        try (Connection c = proxy.direct().connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE copied_directly " + TABLE_COLUMNS);
            s.execute("CREATE TABLE copied_through_rift " + TABLE_COLUMNS);
            s.execute("CREATE TABLE copy_rejects " + TABLE_COLUMNS);
            copyInput = copyOut(c, "COPY (" + SOURCE_ROWS + ") TO STDOUT");
        }
    }

    @AfterAll
    static void stopProxy() {
        proxy.close();
    }

    /** Bytes compared by length and SHA-256, so a mismatch reports briefly. */
    record Content(int length, String sha256) {
        static Content of(byte[] bytes) throws Exception {
            return new Content(bytes.length, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
        }
    }

    @Test
    void copyInOfAHundredThousandRowsThroughTheProxyStoresWhatADirectCopyStores() throws Exception {
        long direct;
        long proxied;
        try (Connection c = proxy.direct().connect()) {
            direct = copyIn(c, "COPY copied_directly FROM STDIN", copyInput);
        }
        try (Connection c = proxy.proxied().connect()) {
            proxied = copyIn(c, "COPY copied_through_rift FROM STDIN", copyInput);
        }
        assertEquals(direct, proxied, "rows reported by COPY FROM STDIN");
        try (Connection c = proxy.direct().connect()) {
            Rows count = Results.query(c, "SELECT count(*) FROM copied_directly");
            assertEquals(count.rows().get(0).get(0), direct, "COPY's row count matches the table");
            byte[] viaDirect = copyOut(c, "COPY (SELECT * FROM copied_directly ORDER BY id) TO STDOUT");
            byte[] viaRift = copyOut(c, "COPY (SELECT * FROM copied_through_rift ORDER BY id) TO STDOUT");
            assertEquals(Content.of(viaDirect), Content.of(viaRift), "table contents after COPY FROM STDIN");
            // And nothing was lost or altered on the way in: PostgreSQL writes back what it was given.
            assertArrayEquals(copyInput, viaRift);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"text", "csv", "binary"})
    void copyOutOfAHundredThousandRowsThroughTheProxyYieldsTheSameBytes(String format) throws Exception {
        Content out = proxy.sideBySide().same("COPY TO STDOUT in " + format,
                c -> Content.of(copyOut(c, "COPY (" + SOURCE_ROWS + ") TO STDOUT (FORMAT " + format + ")")));
        assertTrue(out.length() > ROWS, "COPY should have produced a line per row: " + out);
    }

    @Test
    void aRejectedCopyInFailsAlikeAndLeavesTheSessionUsable() throws Exception {
        byte[] bad = "1\tok\t1\t2024-01-01\t\\\\x00\tfine\nnot-a-number\tbad\t1\t2024-01-01\t\\\\x00\tbad\n"
                .getBytes(StandardCharsets.UTF_8);
        try (SideBySide.Sessions s = proxy.sideBySide().open(Map.of())) {
            SqlError error = s.sameError("COPY FROM STDIN with a malformed row",
                    c -> copyIn(c, "COPY copy_rejects FROM STDIN", bad));
            assertEquals("22P02", error.sqlState(), "invalid_text_representation: " + error);
            s.same("the table after the failed COPY", c -> Results.query(c, "SELECT * FROM copy_rejects"));
        }
    }

    private static long copyIn(Connection c, String sql, byte[] data) throws SQLException, IOException {
        return c.unwrap(PGConnection.class).getCopyAPI().copyIn(sql, new ByteArrayInputStream(data), 64 * 1024);
    }

    private static byte[] copyOut(Connection c, String sql) throws SQLException, IOException {
        CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        copy.copyOut(sql, out);
        return out.toByteArray();
    }
}
