package dev.rift.router.abuse;

import dev.rift.pgwire.message.ErrorResponse;
import dev.rift.router.tls.ClientTls;
import dev.rift.router.tls.ServerCertificate;
import dev.rift.storage.testing.TestCertificates;
import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;

import static dev.rift.router.abuse.Replies.assertFatal;
import static dev.rift.router.abuse.Replies.visible;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile clients of a rift that offers TLS: bytes smuggled in with the SSLRequest (CVE-2021-23214), encryption
 * asked for again inside TLS, garbage where the ClientHello belongs, a handshake never made. Each is refused as
 * PostgreSQL refuses it (the test upstream, without TLS, is the reference for the error), its connection ends, and
 * the healthy client, itself on TLS, is served throughout.
 */
@ExtendWith({UpstreamExtension.class, NettyLeakCheck.class})
class TlsNegotiationAbuseTest {
    /** A TLS record's first byte when it carries an alert: the only thing a client may get back for garbage. */
    private static final byte TLS_ALERT = 0x15;

    @TempDir
    static Path dir;
    private static AbusedProxy proxy;

    @BeforeAll
    static void start(TestUpstream pg) throws Exception {
        TestCertificates certificates = TestCertificates.create(dir);
        proxy = AbusedProxy.start(pg, ClientTls.of(ClientTls.Mode.PREFER, new ServerCertificate(
                ServerCertificate.readChain(certificates.serverCertificate()),
                ServerCertificate.readKey(certificates.serverKey()))));
    }

    @AfterEach
    void healthyClientIsUnaffected() throws Exception {
        proxy.assertHealthyClientStillServed();
    }

    @AfterAll
    static void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    void anSslRequestIsAnsweredSAndTheSessionStartsInsideTls() throws Exception {
        String app = AbusedProxy.abusiveName();
        try (RawPgClient client = proxy.connectRaw()) {
            client.send(Packets.sslRequest());
            assertEquals('S', client.readByte(), "the answer to SSLRequest");

            try (RawPgClient tls = client.startTls()) {
                tls.authenticate(proxy.startupThroughRift(app), proxy.password());
                assertEquals(1, proxy.upstreamSessions(app), "the session started inside TLS");
            }
        }
        proxy.awaitNoUpstreamSessions(app);
    }

    @Test
    void aStartupMessagePipelinedWithAnSslRequestIsRefusedBeforeAnyHandshake() throws Exception {
        String app = AbusedProxy.abusiveName();
        ErrorResponse fromPostgres = errorAfterAnswer(proxy.connectRawToPostgres(),
                Packets.concat(Packets.sslRequest(), Packets.startup(proxy.startupDirect(app))));
        RawPgClient.Ending fromRift;
        try (RawPgClient client = proxy.connectRaw()) {
            client.send(Packets.concat(Packets.sslRequest(), Packets.startup(proxy.startupThroughRift(app))));
            fromRift = client.readUntilEnd(AbusedProxy.ANSWER_LIMIT);
        }

        ErrorResponse error = assertFatal(fromRift, "08P01");
        assertEquals(visible(fromPostgres), visible(error));
        assertEquals('E', fromRift.received()[0], "refused in plain text, without an 'S' first: " + fromRift);
        assertEquals(0, proxy.upstreamSessions(app), "nothing reached the upstream");
    }

    @Test
    void aSecondSslRequestInsideTlsIsRefusedAsPostgresqlRefusesARepeatedOne() throws Exception {
        ErrorResponse fromPostgres = errorAfterAnswer(proxy.connectRawToPostgres(), Packets.sslRequest(),
                Packets.sslRequest());

        try (RawPgClient client = proxy.connectRaw()) {
            client.send(Packets.sslRequest());
            assertEquals('S', client.readByte());
            try (RawPgClient tls = client.startTls()) {
                tls.send(Packets.sslRequest());
                ErrorResponse error = assertFatal(tls.readUntilEnd(AbusedProxy.ANSWER_LIMIT), "0A000");
                assertEquals(visible(fromPostgres), visible(error));
                assertEquals("unsupported frontend protocol 1234.5679: server supports 3.0 to 3.0", error.message());
            }
        }
    }

    /**
     * PostgreSQL takes a GSSENCRequest after an SSLRequest only if it refused TLS; inside TLS it reads one as a
     * startup packet of protocol 1234.5680 (ProcessStartupPacket). The test upstream has no TLS to compare with.
     */
    @Test
    void aGssEncRequestInsideTlsIsRefusedAsAStartupPacketOfAnUnknownProtocol() throws Exception {
        try (RawPgClient client = proxy.connectRaw()) {
            client.send(Packets.sslRequest());
            assertEquals('S', client.readByte());
            try (RawPgClient tls = client.startTls()) {
                tls.send(Packets.gssEncRequest());
                ErrorResponse error = assertFatal(tls.readUntilEnd(AbusedProxy.ANSWER_LIMIT), "0A000");
                assertEquals("unsupported frontend protocol 1234.5680: server supports 3.0 to 3.0", error.message());
            }
        }
    }

    @Test
    void plainTextWhereTheClientHelloBelongsEndsTheConnectionWithoutAPostgresqlMessage() throws Exception {
        assertGarbageAfterSIsHungUpOn(Packets.startup(proxy.startupThroughRift(AbusedProxy.abusiveName())));
    }

    @Test
    void aHandshakeRecordOfRandomBytesEndsTheConnectionWithoutAPostgresqlMessage() throws Exception {
        byte[] body = new byte[512];
        new SecureRandom().nextBytes(body);
        // A TLS 1.0 record header announcing a handshake message, as a real ClientHello starts, then noise.
        byte[] record = ByteBuffer.allocate(5 + body.length).put((byte) 0x16).put((byte) 3).put((byte) 1)
                .putShort((short) body.length).put(body).array();
        assertGarbageAfterSIsHungUpOn(record);
    }

    @Test
    void aClientThatNeverStartsItsHandshakeIsLetGoAfterTheStartupTimeout() throws Exception {
        try (RawPgClient client = proxy.connectRaw()) {
            client.send(Packets.sslRequest());
            assertEquals('S', client.readByte());

            RawPgClient.Ending end = client.readUntilEnd(AbusedProxy.STARTUP_TIMEOUT.plus(AbusedProxy.ANSWER_LIMIT));

            assertTrue(end.ended(), "ended by rift after " + AbusedProxy.STARTUP_TIMEOUT + ": " + end);
        }
    }

    @Test
    void aClientSilentInsideTlsIsToldOfTheTimeoutInsideTls() throws Exception {
        try (RawPgClient client = proxy.connectRaw()) {
            client.send(Packets.sslRequest());
            assertEquals('S', client.readByte());
            try (RawPgClient tls = client.startTls()) {
                RawPgClient.Ending end = tls.readUntilEnd(AbusedProxy.STARTUP_TIMEOUT.plus(AbusedProxy.ANSWER_LIMIT));

                assertEquals("canceling authentication due to timeout", assertFatal(end, "08P01").message());
            }
        }
    }

    private static void assertGarbageAfterSIsHungUpOn(byte[] garbage) throws Exception {
        RawPgClient.Ending end;
        try (RawPgClient client = proxy.connectRaw()) {
            client.send(Packets.sslRequest());
            assertEquals('S', client.readByte());
            client.send(garbage);
            end = client.readUntilEnd(AbusedProxy.ANSWER_LIMIT);
        }
        assertTrue(end.ended(), "the connection was ended: " + end);
        byte[] r = end.received();
        assertTrue(r.length == 0 || r[0] == TLS_ALERT, "nothing, or a TLS alert, in answer: " + end);
        proxy.awaitNoUpstreamSessions(AbusedProxy.ABUSIVE_PREFIX);
    }

    /**
     * The ErrorResponse that ends a connection after {@code packets} were sent one at a time, each encryption
     * request waiting for its one-byte answer (which, from the test upstream without TLS, is 'N').
     */
    private static ErrorResponse errorAfterAnswer(RawPgClient connection, byte[]... packets) throws Exception {
        try (RawPgClient client = connection) {
            for (int i = 0; i < packets.length - 1; i++) {
                client.send(packets[i]);
                assertEquals('N', client.readByte(), "PostgreSQL without TLS answers 'N'");
            }
            client.send(packets[packets.length - 1]);
            RawPgClient.Ending end = client.readUntilEnd(AbusedProxy.ANSWER_LIMIT);
            byte[] r = end.received();
            RawPgClient.Ending afterAnswer = r.length > 0 && (r[0] == 'N' || r[0] == 'S')
                    ? new RawPgClient.Ending(end.how(), Arrays.copyOfRange(r, 1, r.length)) : end;
            return afterAnswer.error().orElseThrow(() -> new AssertionError("no ErrorResponse in " + end));
        }
    }
}
