package dev.rift.router.escape.lexer;

import dev.rift.pgwire.message.Bind;
import dev.rift.pgwire.message.ErrorResponse;
import dev.rift.pgwire.message.Execute;
import dev.rift.pgwire.message.Parse;
import dev.rift.pgwire.message.Query;
import dev.rift.pgwire.message.Sync;
import dev.rift.router.abuse.RawPgClient.BackendMessage;
import dev.rift.router.abuse.RawPgClient;
import dev.rift.router.branch.BranchFixture;
import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import dev.rift.testsupport.UpstreamData;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 14, finding 1: rift must split and read a branch session's statements as the server does, whatever
 * standard_conforming_strings and client_encoding say. Every attack here once reached the upstream; now the
 * upstream keeps every row, and where the server runs the hidden DELETE it runs on the branch, as on a copy.
 */
@ExtendWith(UpstreamExtension.class)
class StatementReadingOnBranchTest {
    /** Read with standard_conforming_strings off: a SELECT, then a DELETE of row 13. With it on: one SELECT. */
    private static final String SPLIT_BY_BACKSLASH =
            "SELECT '\\'' ; DELETE FROM public.orders WHERE id = 13 RETURNING id; -- '";
    /** With standard_conforming_strings off, a statement with a DELETE of row 14 in a CTE. */
    private static final String CTE_BY_BACKSLASH = "WITH x AS (SELECT '\\'' AS a), d AS (DELETE FROM public.orders"
            + " WHERE id = 14 RETURNING id) SELECT a FROM x -- '";
    private static final Duration END_LIMIT = Duration.ofSeconds(10);
    private static final AtomicInteger branches = new AtomicInteger();

    private static BranchFixture fixture;
    private static Map<String, String> upstreamRows;

    @BeforeAll
    static void start(TestUpstream pg) throws Exception {
        fixture = BranchFixture.start(pg, "CREATE TABLE public.orders (id int PRIMARY KEY, note text)",
                "INSERT INTO public.orders SELECT g, 'order ' || g FROM generate_series(1, 20) g");
        try (Connection c = fixture.upstream()) {
            upstreamRows = UpstreamData.of(c);
        }
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @AfterEach
    void upstreamKeepsEveryRow() throws Exception {
        try (Connection c = fixture.upstream()) {
            assertEquals(upstreamRows, UpstreamData.of(c), "a statement on a branch changed the upstream");
        }
    }

    // ---- standard_conforming_strings ----------------------------------------------------

    @Test
    void setOffThenABackslashQuoteDeletesOnlyOnTheBranch() throws Exception {
        String branch = newBranch();
        try (RawPgClient c = client(branch, Map.of())) {
            assertNoError(query(c, "SET standard_conforming_strings = off"));
            assertNoError(query(c, SPLIT_BY_BACKSLASH));
        }
        assertBranchLacks(branch, 13);
    }

    @Test
    void offAsAStartupParameterIsFollowed() throws Exception {
        String branch = newBranch();
        try (RawPgClient c = client(branch, Map.of("standard_conforming_strings", "off"))) {
            assertNoError(query(c, SPLIT_BY_BACKSLASH));
        }
        assertBranchLacks(branch, 13);
    }

    @Test
    void offInStartupOptionsIsFollowed() throws Exception {
        String branch = newBranch();
        try (RawPgClient c = client(branch, Map.of("options", "-c standard_conforming_strings=off"))) {
            assertNoError(query(c, SPLIT_BY_BACKSLASH));
        }
        assertBranchLacks(branch, 13);
    }

    @Test
    void setLocalIsFollowedAndItsEndToo() throws Exception {
        String branch = newBranch();
        try (RawPgClient c = client(branch, Map.of())) {
            assertNoError(query(c, "BEGIN"));
            assertNoError(query(c, "SET LOCAL standard_conforming_strings = off"));
            assertNoError(query(c, SPLIT_BY_BACKSLASH));
            assertNoError(query(c, "COMMIT"));
            // On again: the same text is one SELECT of one string.
            List<BackendMessage> on = query(c, SPLIT_BY_BACKSLASH.replace("13", "12"));
            assertNoError(on);
            assertEquals(1, count(on, 'C'), "one statement");
        }
        assertBranchLacks(branch, 13);
        assertBranchHas(branch, 12);
    }

    @Test
    void setConfigIsFollowed() throws Exception {
        String branch = newBranch();
        try (RawPgClient c = client(branch, Map.of())) {
            assertNoError(query(c, "SELECT pg_catalog.set_config('standard_conforming_strings', 'off', false)"));
            assertNoError(query(c, SPLIT_BY_BACKSLASH));
        }
        assertBranchLacks(branch, 13);
    }

    @Test
    void aRolledBackSetIsFollowed() throws Exception {
        String branch = newBranch();
        try (RawPgClient c = client(branch, Map.of("standard_conforming_strings", "off"))) {
            assertNoError(query(c, "BEGIN"));
            assertNoError(query(c, "SET standard_conforming_strings = on"));
            assertNoError(query(c, "ROLLBACK"));
            assertNoError(query(c, SPLIT_BY_BACKSLASH));
        }
        assertBranchLacks(branch, 13);
    }

    @Test
    void aCteReadUnderOffInTheExtendedProtocolDeletesOnlyOnTheBranch() throws Exception {
        String branch = newBranch();
        try (Connection c = fixture.branch(branch, "extended"); Statement st = c.createStatement()) {
            st.execute("SET standard_conforming_strings = off");
            try (ResultSet rs = st.executeQuery(CTE_BY_BACKSLASH)) {
                assertTrue(rs.next());
                assertEquals("'", rs.getString(1));
            }
        }
        assertBranchLacks(branch, 14);
    }

    @Test
    void aCteSentAsRawParseIsReadUnderOff() throws Exception {
        String branch = newBranch();
        try (RawPgClient c = client(branch, Map.of("standard_conforming_strings", "off"))) {
            c.send(bytes(new Parse("", CTE_BY_BACKSLASH, new int[0]), bind(), new Execute("", 0), Sync.INSTANCE));
            assertNoError(c.readUntilReadyForQuery());
        }
        assertBranchLacks(branch, 14);
    }

    @Test
    void aSetInTheSameQueryDoesNotChangeHowTheRestIsRead() throws Exception {
        // PostgreSQL lexes a whole simple Query before running any of it: the SELECT's string is read with the
        // setting on, as the session had it when the Query arrived, so there is no DELETE at all.
        String branch = newBranch();
        try (RawPgClient c = client(branch, Map.of())) {
            List<BackendMessage> answer = query(c, "SET standard_conforming_strings = off; " + SPLIT_BY_BACKSLASH);
            assertNoError(answer);
            assertEquals(2, count(answer, 'C'), "SET and one SELECT");
        }
        assertBranchHas(branch, 13);
    }

    @Test
    void aPipelinedQueryWaitsForTheSetBeforeItIsRead() throws Exception {
        String branch = newBranch();
        try (RawPgClient c = client(branch, Map.of())) {
            c.send(bytes(new Query("SET standard_conforming_strings = off"), new Query(SPLIT_BY_BACKSLASH)));
            assertNoError(c.readUntilReadyForQuery());
            assertNoError(c.readUntilReadyForQuery());
        }
        assertBranchLacks(branch, 13);
    }

    @Test
    void aParseAfterAnExecuteOfTheSamePipelineIsRefusedWhenTheSettingMatters() throws Exception {
        String branch = newBranch();
        try (RawPgClient c = client(branch, Map.of())) {
            c.send(bytes(new Parse("", "SELECT pg_catalog.set_config('standard_conforming_strings', 'off', false)",
                            new int[0]), bind(), new Execute("", 0),
                    new Parse("", CTE_BY_BACKSLASH, new int[0]), bind(), new Execute("", 0), Sync.INSTANCE));
            ErrorResponse error = onlyError(c.readUntilReadyForQuery());
            assertEquals("0A000", error.sqlState(), error.message());
            assertTrue(error.message().contains("standard_conforming_strings"), error.message());
            // The error undid set_config with the rest of the implicit transaction: after the Sync the setting is
            // known to be on again, and the text is read as the server reads it then, an unterminated string.
            c.send(bytes(new Parse("", CTE_BY_BACKSLASH, new int[0]), bind(), new Execute("", 0), Sync.INSTANCE));
            assertEquals("42601", onlyError(c.readUntilReadyForQuery()).sqlState());
        }
        assertBranchHas(branch, 14);
    }

    @Test
    void backslashesInStringsKeepTheirValuesInRewrittenStatementsUnderEitherSetting() throws Exception {
        String branch = newBranch();
        try (RawPgClient c = client(branch, Map.of())) {
            assertNoError(query(c, "INSERT INTO public.orders VALUES (101, 'a\\b'), (102, E'c\\\\d')"));
            assertNoError(query(c, "SET standard_conforming_strings = off"));
            assertNoError(query(c, "INSERT INTO public.orders VALUES (103, 'e\\\\f\\'g')"));
            assertNoError(query(c, "UPDATE public.orders SET note = 'h\\\\i' || note WHERE id = 1"));
        }
        try (Connection c = fixture.branch(branch, "extended"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT note FROM public.orders WHERE id IN (101, 102, 103, 1) ORDER BY id")) {
            List<String> notes = new java.util.ArrayList<>();
            while (rs.next()) {
                notes.add(rs.getString(1));
            }
            assertEquals(List.of("h\\iorder 1", "a\\b", "c\\d", "e\\f'g"), notes);
        }
    }

    // ---- client encodings -----------------------------------------------------------------

    /** 0x95 0x5C is one character in SJIS (and a lead byte and its partner in BIG5 and GBK). */
    private static byte[] splitByMultibyteBackslash() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes("SELECT E'".getBytes(StandardCharsets.US_ASCII));
        b.write(0x95);
        b.writeBytes("\\' AS s; DELETE FROM public.orders WHERE id=15 RETURNING id; -- '".getBytes(StandardCharsets.US_ASCII));
        return b.toByteArray();
    }

    @ParameterizedTest
    @ValueSource(strings = {"SJIS", "BIG5", "GBK"})
    void anUnsafeStartupEncodingEndsTheSession(String encoding) throws Exception {
        assertStartupRefused(encoding, Map.of("client_encoding", encoding));
        assertStartupRefused(encoding, Map.of("options", "-c client_encoding=" + encoding));
    }

    @ParameterizedTest
    @ValueSource(strings = {"SJIS", "BIG5", "GBK"})
    void settingAnUnsafeEncodingEndsTheSessionBeforeAnyTextIsReadInIt(String encoding) throws Exception {
        String branch = newBranch();
        try (RawPgClient c = client(branch, Map.of())) {
            // Pipelined: the attack arrives before the server has reported the new encoding.
            c.send(bytes(new Query("SET client_encoding = '" + encoding + "'")));
            c.send(queryBytes(splitByMultibyteBackslash()));
            RawPgClient.Ending end = c.readUntilEnd(END_LIMIT);
            assertTrue(end.ended(), end.toString());
            ErrorResponse error = end.error().orElseThrow(() -> new AssertionError("no error: " + end));
            assertEquals("0A000", error.sqlState(), error.message());
            assertTrue(error.message().contains(encoding), error.message());
        }
        assertBranchHas(branch, 15);
    }

    @Test
    void setNamesAndSetConfigToAnUnsafeEncodingEndTheSessionToo() throws Exception {
        for (String set : List.of("SET NAMES 'SJIS'", "SELECT pg_catalog.set_config('client_encoding', 'SJIS', false)")) {
            try (RawPgClient c = client(newBranch(), Map.of())) {
                c.send(bytes(new Query(set)));
                RawPgClient.Ending end = c.readUntilEnd(END_LIMIT);
                assertTrue(end.ended(), set + ": " + end);
                assertEquals("0A000", end.error().orElseThrow().sqlState(), set);
            }
        }
    }

    @Test
    void aSafeMultibyteEncodingKeepsWorking() throws Exception {
        String branch = newBranch();
        try (RawPgClient c = client(branch, Map.of("client_encoding", "EUC_JP"))) {
            assertNoError(query(c, "DELETE FROM public.orders WHERE id = 16"));
        }
        assertBranchLacks(branch, 16);
    }

    @Test
    void aTextThatIsNotUtf8IsRefusedSinceItsDollarQuotesCannotBeMatched() throws Exception {
        // In LATIN1 the server's string runs from $é$ to the next $é$, and the DELETE after it runs; read as UTF-8
        // both é and è are U+FFFD, and the DELETE would seem to be inside a second string.
        String branch = newBranch();
        try (RawPgClient c = client(branch, Map.of("client_encoding", "LATIN1"))) {
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            text.writeBytes("SELECT $".getBytes(StandardCharsets.US_ASCII));
            text.write(0xE9);
            text.writeBytes("$ x $".getBytes(StandardCharsets.US_ASCII));
            text.write(0xE8);
            text.writeBytes("$ ; SELECT $".getBytes(StandardCharsets.US_ASCII));
            text.write(0xE9);
            text.writeBytes("$; DELETE FROM public.orders WHERE id = 17; -- $".getBytes(StandardCharsets.US_ASCII));
            text.write(0xE8);
            text.writeBytes("$".getBytes(StandardCharsets.US_ASCII));
            c.send(queryBytes(text.toByteArray()));
            assertEquals("0A000", onlyError(c.readUntilReadyForQuery()).sqlState());
            // Text that is UTF-8 as well as LATIN1 is read alike by both.
            assertNoError(query(c, "SELECT $x$ ; $x$; DELETE FROM public.orders WHERE id = 18"));
        }
        assertBranchHas(branch, 17);
        assertBranchLacks(branch, 18);
    }

    // ---- helpers ----------------------------------------------------------------------------

    private static String newBranch() {
        String name = "reading-" + branches.incrementAndGet();
        fixture.createBranch(name, null);
        return name;
    }

    private static RawPgClient client(String branch, Map<String, String> extra) throws Exception {
        RawPgClient c = RawPgClient.connect("127.0.0.1", fixture.rift.port());
        c.authenticate(startup(branch, extra), fixture.pg.password());
        return c;
    }

    private static Map<String, String> startup(String branch, Map<String, String> extra) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("user", fixture.pg.user());
        p.put("database", branch);
        p.putAll(extra);
        return p;
    }

    /** A session asking for {@code extra} at startup gets a FATAL 0A000 naming the encoding instead of being ready. */
    private static void assertStartupRefused(String encoding, Map<String, String> extra) throws Exception {
        try (RawPgClient c = RawPgClient.connect("127.0.0.1", fixture.rift.port())) {
            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> c.authenticate(startup(newBranch(), extra), fixture.pg.password()));
            assertTrue(refused.getMessage().contains("C=0A000"), refused.getMessage());
            assertTrue(refused.getMessage().contains(encoding), refused.getMessage());
            assertTrue(c.readUntilEnd(END_LIMIT).ended(), "the session ends");
        }
    }

    private static List<BackendMessage> query(RawPgClient c, String sql) throws Exception {
        c.send(bytes(new Query(sql)));
        return c.readUntilReadyForQuery();
    }

    private static void assertNoError(List<BackendMessage> answer) {
        for (BackendMessage m : answer) {
            if (m.type() == 'E') {
                throw new AssertionError("error: " + m.asError().fields());
            }
        }
    }

    private static ErrorResponse onlyError(List<BackendMessage> answer) {
        List<ErrorResponse> errors = answer.stream().filter(m -> m.type() == 'E').map(BackendMessage::asError).toList();
        assertEquals(1, errors.size(), "errors: " + errors);
        return errors.get(0);
    }

    private static long count(List<BackendMessage> answer, char type) {
        return answer.stream().filter(m -> m.type() == type).count();
    }

    private static Bind bind() {
        return new Bind("", "", new short[0], new byte[0][], new short[0]);
    }

    private static byte[] queryBytes(byte[] text) {
        byte[] body = new byte[text.length + 1];
        System.arraycopy(text, 0, body, 0, text.length);
        return dev.rift.router.abuse.Packets.frame('Q', body);
    }

    private static byte[] bytes(Object... messages) {
        ByteBuf out = Unpooled.buffer();
        try {
            for (Object m : messages) {
                if (m instanceof Query q) {
                    q.encode(out);
                } else if (m instanceof Parse p) {
                    p.encode(out);
                } else if (m instanceof Bind b) {
                    b.encode(out);
                } else if (m instanceof Execute e) {
                    e.encode(out);
                } else {
                    ((Sync) m).encode(out);
                }
            }
            return ByteBufUtil.getBytes(out);
        } finally {
            out.release();
        }
    }

    private static void assertBranchHas(String branch, int id) throws Exception {
        assertEquals(1, countOnBranch(branch, id), "row " + id + " on branch " + branch);
    }

    private static void assertBranchLacks(String branch, int id) throws Exception {
        assertEquals(0, countOnBranch(branch, id), "row " + id + " on branch " + branch
                + ": the server ran a DELETE there, as it would on a copy");
    }

    private static int countOnBranch(String branch, int id) throws Exception {
        try (Connection c = fixture.branch(branch, "extended"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM public.orders WHERE id = " + id)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
