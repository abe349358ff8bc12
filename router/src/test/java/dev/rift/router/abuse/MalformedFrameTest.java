package dev.rift.router.abuse;

import dev.rift.pgwire.message.ErrorResponse;
import dev.rift.router.ProxyConfig;
import dev.rift.router.RiftServer;
import dev.rift.storage.UpstreamUrl;
import dev.rift.storage.testing.TestUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static dev.rift.router.abuse.Replies.assertClosedWithoutAWord;
import static dev.rift.router.abuse.Replies.assertFatal;
import static dev.rift.router.abuse.Replies.assertOwnWords;
import static dev.rift.router.abuse.Replies.visible;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Malformed typed frames from a client whose session has fully started (authenticated through
 * rift to the real upstream): each ends that client's session, upstream session included, and
 * nobody else's. After every test the healthy client connected before the abuse still answers.
 */
class MalformedFrameTest extends AgainstAbusedProxy {
    // PostgreSQL itself only logs "invalid message length" and hangs up; rift tells the client why.
    @ParameterizedTest(name = "announced length {0}")
    @ValueSource(ints = {3, 0, -1, Integer.MIN_VALUE})
    void aFrameClaimingFewerThanFourBytesEndsTheSessionWithFatal08P01(int announcedLength) throws Exception {
        String app = AbusedProxy.abusiveName();
        try (RawPgClient client = proxy.authenticatedThroughRift(app)) {
            assertEquals(1, proxy.upstreamSessions(app), "the client's upstream session before the bad frame");

            client.send(Packets.header('Q', announcedLength));

            assertOwnWords(assertFatal(client.readUntilEnd(AbusedProxy.ANSWER_LIMIT), "08P01"));
        }
        proxy.awaitNoUpstreamSessions(app);
    }

    @ParameterizedTest(name = "announced length {0}")
    @ValueSource(ints = {AbusedProxy.MAX_FRAME + 1, 100 * 1024 * 1024, Integer.MAX_VALUE})
    void aFrameLongerThanTheMaximumIsRefusedWith54000WithoutWaitingForItsBody(int announcedLength) throws Exception {
        String app = AbusedProxy.abusiveName();
        try (RawPgClient client = proxy.authenticatedThroughRift(app)) {
            client.send(Packets.header('Q', announcedLength)); // and not one byte of the body

            long started = System.nanoTime();
            RawPgClient.Ending end = client.readUntilEnd(AbusedProxy.ANSWER_LIMIT);
            Duration answeredAfter = Duration.ofNanos(System.nanoTime() - started);

            ErrorResponse error = assertOwnWords(assertFatal(end, "54000"));
            assertTrue(error.message().contains(Integer.toString(AbusedProxy.MAX_FRAME)),
                    "the message names the limit: " + error.message());
            assertTrue(answeredAfter.compareTo(Duration.ofSeconds(2)) < 0, "answered after " + answeredAfter);
        }
        proxy.awaitNoUpstreamSessions(app);
    }

    @Test
    void aFrameOfExactlyTheMaximumLengthIsServedAsPostgresqlServesIt() throws Exception {
        // The length word counts itself and the query's terminating NUL: 4 + sql + 1 = MAX_FRAME.
        String prefix = "SELECT length('";
        String suffix = "')";
        String sql = prefix + "x".repeat(AbusedProxy.MAX_FRAME - 5 - prefix.length() - suffix.length()) + suffix;
        byte[] query = Packets.query(sql);
        assertEquals(AbusedProxy.MAX_FRAME, query.length - 1, "the frame's length word");

        List<String> fromPostgres;
        try (RawPgClient direct = proxy.authenticatedDirect(AbusedProxy.abusiveName())) {
            direct.send(query);
            fromPostgres = render(direct.readUntilReadyForQuery());
        }
        List<String> fromRift;
        try (RawPgClient client = proxy.authenticatedThroughRift(AbusedProxy.abusiveName())) {
            client.send(query);
            fromRift = render(client.readUntilReadyForQuery());
        }

        assertEquals(fromPostgres, fromRift);
    }

    @Test
    void aTruncatedFrameFollowedByTheClientsEndOfInputClosesQuietlyAndEndsTheUpstreamSession() throws Exception {
        String app = AbusedProxy.abusiveName();
        try (RawPgClient client = proxy.authenticatedThroughRift(app)) {
            assertEquals(1, proxy.upstreamSessions(app), "the client's upstream session before the truncated frame");
            byte[] tenOfNinetySixBodyBytes = new byte[10];
            Arrays.fill(tenOfNinetySixBodyBytes, (byte) 'x');

            client.send(Packets.concat(Packets.header('Q', 100), tenOfNinetySixBodyBytes));
            client.finishSending();

            assertClosedWithoutAWord(client.readUntilEnd(AbusedProxy.ANSWER_LIMIT));
        }
        proxy.awaitNoUpstreamSessions(app);
    }

    @Test
    void anUnknownMessageTypeGetsTheFatalPostgresqlItselfSends() throws Exception {
        byte[] typeZ = Packets.frame('z', new byte[0]);
        ErrorResponse fromPostgres;
        try (RawPgClient direct = proxy.authenticatedDirect(AbusedProxy.abusiveName())) {
            direct.send(typeZ);
            fromPostgres = assertFatal(direct.readUntilEnd(AbusedProxy.ANSWER_LIMIT), "08P01");
        }
        String app = AbusedProxy.abusiveName();
        ErrorResponse fromRift;
        try (RawPgClient client = proxy.authenticatedThroughRift(app)) {
            client.send(typeZ);
            fromRift = assertFatal(client.readUntilEnd(AbusedProxy.ANSWER_LIMIT), "08P01");
        }

        assertEquals(visible(fromPostgres), visible(fromRift));
        proxy.awaitNoUpstreamSessions(app);
    }

    /**
     * Messages whose fields run past their end, sent where rift itself decodes them (an overlay branch, database
     * rift) rather than relaying them to PostgreSQL: FATAL 08P01 in rift's or PostgreSQL's words, never the text of
     * the exception the buffer threw.
     */
    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource({"Describe without a body,branch", "Close without a body,branch", "Execute without its row limit,branch",
            "Parse announcing parameter types it lacks,branch", "Bind announcing formats it lacks,rift",
            "Describe without a body,rift", "Execute without its row limit,rift"})
    void aMessageCutShortWhereRiftDecodesItEndsTheSessionInOwnWords(String message, String database) throws Exception {
        try (RawPgClient client = RawPgClient.connect("127.0.0.1", overlay.rift.port())) {
            client.authenticate(Map.of("user", overlay.pg.user(), "database", database), overlay.pg.password());

            client.send(Packets.concat(CUT_SHORT.get(message), Packets.frame('S', new byte[0])));

            assertOwnWords(assertFatal(client.readUntilEnd(AbusedProxy.ANSWER_LIMIT), "08P01"));
        }
    }

    private static final Map<String, byte[]> CUT_SHORT = Map.of(
            "Describe without a body", Packets.frame('D', new byte[0]),
            "Close without a body", Packets.frame('C', new byte[0]),
            "Execute without its row limit", Packets.frame('E', new byte[] {0}),
            "Parse announcing parameter types it lacks", Packets.frame('P',
                    new byte[] {0, 'S', 'E', 'L', 'E', 'C', 'T', ' ', '1', 0, 0, 5}),
            "Bind announcing formats it lacks", Packets.frame('B', new byte[] {0, 0, 0, 3}));

    /** An overlay server with branch b over a fresh database: only for the tests above. */
    private static final class OverlayServer implements AutoCloseable {
        private final TestUpstream pg;
        private final String db;
        private final RiftServer rift;

        OverlayServer(TestUpstream pg) throws Exception {
            this.pg = pg;
            this.db = pg.createDatabase();
            RiftServer started = null;
            try {
                started = RiftServer.start(ProxyConfig.of("127.0.0.1", 0, UpstreamUrl.parse(pg.url(db))));
                started.engine().install();
                started.engine().createBranch("branch", null);
            } catch (Exception | Error e) {
                if (started != null) {
                    started.close();
                }
                pg.dropDatabase(db);
                throw e;
            }
            this.rift = started;
        }

        @Override
        public void close() {
            try {
                rift.close();
            } finally {
                pg.dropDatabase(db);
            }
        }
    }

    private static OverlayServer overlay;

    @BeforeAll
    static void startOverlay(TestUpstream pg) throws Exception {
        overlay = new OverlayServer(pg);
    }

    @AfterAll
    static void stopOverlay() {
        if (overlay != null) {
            overlay.close();
        }
    }

    private static List<String> render(List<RawPgClient.BackendMessage> messages) {
        return messages.stream().map(RawPgClient.BackendMessage::render).toList();
    }
}
