package dev.rift.router.abuse;

import dev.rift.pgwire.message.ErrorResponse;
import dev.rift.testsupport.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.postgresql.PGConnection;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.rift.router.abuse.Replies.assertClosedWithoutAWord;
import static dev.rift.router.abuse.Replies.visible;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packets a client may open a connection with instead of a StartupMessage: SSLRequest and
 * GSSENCRequest (which this rift, without a certificate, declines: {@code TlsNegotiationAbuseTest} has
 * one with) and CancelRequest, here with keys rift never issued.
 */
class EncryptionAndCancelRequestTest extends AgainstAbusedProxy {
    @Test
    void sslRequestIsAnsweredWithExactlyNAndAStartupMessageStillFollows() throws Exception {
        String app = AbusedProxy.abusiveName();
        try (RawPgClient client = proxy.connectRaw()) {
            client.send(Packets.sslRequest());
            assertEquals('N', client.readByte(), "the answer to SSLRequest");

            // Anything after the 'N' would be read here as the start of the authentication exchange.
            client.authenticate(proxy.startupThroughRift(app), proxy.password());

            assertEquals(1, proxy.upstreamSessions(app), "the session started after the SSLRequest");
        }
        proxy.awaitNoUpstreamSessions(app);
    }

    @Test
    void gssEncRequestIsAnsweredWithExactlyNAndAStartupMessageStillFollows() throws Exception {
        String app = AbusedProxy.abusiveName();
        try (RawPgClient client = proxy.connectRaw()) {
            client.send(Packets.gssEncRequest());
            assertEquals('N', client.readByte(), "the answer to GSSENCRequest");

            client.authenticate(proxy.startupThroughRift(app), proxy.password());

            assertEquals(1, proxy.upstreamSessions(app), "the session started after the GSSENCRequest");
        }
        proxy.awaitNoUpstreamSessions(app);
    }

    /** libpq asks for GSSAPI encryption first, then TLS; PostgreSQL takes either after the other was refused. */
    @ParameterizedTest(name = "{0} then {1}")
    @CsvSource({"gss, ssl", "ssl, gss"})
    void aRefusedEncryptionRequestMayBeFollowedByTheOtherKindAndThenTheStartup(String first, String second)
            throws Exception {
        String app = AbusedProxy.abusiveName();
        try (RawPgClient client = proxy.connectRaw()) {
            client.send(request(first));
            assertEquals('N', client.readByte(), "the answer to the first request");
            client.send(request(second));
            assertEquals('N', client.readByte(), "the answer to the second request");

            client.authenticate(proxy.startupThroughRift(app), proxy.password());

            assertEquals(1, proxy.upstreamSessions(app));
        }
        proxy.awaitNoUpstreamSessions(app);
    }

    @Test
    void aSecondSslRequestIsRefusedAsPostgresqlRefusesIt() throws Exception {
        ErrorResponse fromPostgres = errorAfterN(proxy.connectRawToPostgres(), Packets.sslRequest(), Packets.sslRequest());
        ErrorResponse fromRift = errorAfterN(proxy.connectRaw(), Packets.sslRequest(), Packets.sslRequest());

        assertEquals(visible(fromPostgres), visible(fromRift));
    }

    /**
     * The test upstream answers GSSENCRequest with 'G' (it is built with GSSAPI), so it cannot be the reference here;
     * PostgreSQL's ProcessStartupPacket treats a second GSSENCRequest as it treats a second SSLRequest.
     */
    @Test
    void aSecondGssEncRequestIsRefusedAsAStartupPacketOfAnUnknownProtocol() throws Exception {
        ErrorResponse fromRift = errorAfterN(proxy.connectRaw(), Packets.gssEncRequest(), Packets.gssEncRequest());

        assertEquals("unsupported frontend protocol 1234.5680: server supports 3.0 to 3.0", fromRift.message());
    }

    private static byte[] request(String kind) {
        return kind.equals("ssl") ? Packets.sslRequest() : Packets.gssEncRequest();
    }

    /** The FATAL (0A000) that ends a connection whose first request was answered 'N' and whose second one was not. */
    private static ErrorResponse errorAfterN(RawPgClient connection, byte[] first, byte[] second) throws Exception {
        try (RawPgClient client = connection) {
            client.send(first);
            assertEquals('N', client.readByte(), "the answer to the first request");
            client.send(second);
            return Replies.assertFatal(client.readUntilEnd(AbusedProxy.ANSWER_LIMIT), "0A000");
        }
    }

    @Test
    void aStartupMessagePipelinedWithAnSslRequestIsRefusedAsPostgresqlRefusesIt() throws Exception {
        // Bytes sent with the SSLRequest, before its answer, were never protected by a handshake and
        // may have been injected by a man in the middle (CVE-2021-23214).
        String app = AbusedProxy.abusiveName();
        byte[] direct = Packets.concat(Packets.sslRequest(), Packets.startup(proxy.startupDirect(app)));
        byte[] throughRift = Packets.concat(Packets.sslRequest(), Packets.startup(proxy.startupThroughRift(app)));

        ErrorResponse fromPostgres = errorAfterSslRefusal(proxy.connectRawToPostgres(), direct);
        ErrorResponse fromRift = errorAfterSslRefusal(proxy.connectRaw(), throughRift);

        assertEquals("08P01", fromRift.sqlState());
        assertEquals(visible(fromPostgres), visible(fromRift));
    }

    @Test
    void cancelRequestsWithKeysRiftNeverIssuedAreDroppedSilentlyAndCancelNothing() throws Exception {
        Connection healthy = proxy.healthyClient();
        SecureRandom random = new SecureRandom();
        int riftPid = healthy.unwrap(PGConnection.class).getBackendPID();
        int postgresPid = proxy.healthyClientUpstreamPid();
        List<byte[]> forgedCancels = List.of(
                Packets.cancelRequest(riftPid, randomBytes(random, 4)),     // the right pid, a guessed secret
                Packets.cancelRequest(postgresPid, randomBytes(random, 4)), // PostgreSQL's pid, never handed out
                Packets.cancelRequest(random.nextInt(), randomBytes(random, 4)));
        ExecutorService sleeper = Executors.newSingleThreadExecutor();
        try {
            Future<?> sleeping = sleeper.submit(() -> {
                try (Statement s = healthy.createStatement()) {
                    s.execute("SELECT pg_sleep(1)");
                }
                return null;
            });
            Await.until("the healthy client's pg_sleep to be running", Duration.ofSeconds(5),
                    proxy::healthyClientIsActive, () -> "not active");

            for (byte[] cancel : forgedCancels) {
                try (RawPgClient client = proxy.connectRaw()) {
                    client.send(cancel);
                    assertClosedWithoutAWord(client.readUntilEnd(AbusedProxy.ANSWER_LIMIT));
                }
            }

            sleeping.get(10, TimeUnit.SECONDS); // a delivered cancel would fail it with 57014
        } finally {
            sleeper.shutdownNow();
            assertTrue(sleeper.awaitTermination(10, TimeUnit.SECONDS), "the statement's thread ended");
        }
    }

    /**
     * The ErrorResponse that ends the connection. PostgreSQL first answers the SSLRequest with
     * 'N' and then refuses; a refusal without the 'N' tells the client the same.
     */
    private static ErrorResponse errorAfterSslRefusal(RawPgClient connection, byte[] bytes) throws Exception {
        try (RawPgClient client = connection) {
            client.send(bytes);
            RawPgClient.Ending end = client.readUntilEnd(AbusedProxy.ANSWER_LIMIT);
            byte[] r = end.received();
            assertTrue(end.ended() && r.length > 0, "an answer and a close: " + end);
            RawPgClient.Ending afterN = r[0] == 'N'
                    ? new RawPgClient.Ending(end.how(), Arrays.copyOfRange(r, 1, r.length)) : end;
            return afterN.error().orElseThrow(() -> new AssertionError("no ErrorResponse in " + end));
        }
    }

    private static byte[] randomBytes(SecureRandom random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
