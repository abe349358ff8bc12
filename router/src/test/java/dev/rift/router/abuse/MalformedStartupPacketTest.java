package dev.rift.router.abuse;

import dev.rift.pgwire.message.ErrorResponse;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.rift.router.abuse.Replies.assertFatal;
import static dev.rift.router.abuse.Replies.visible;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Startup packets that are wrong, or at the edge of what PostgreSQL accepts: rift answers as
 * PostgreSQL does where PostgreSQL answers at all, never leaves the client hanging, and the
 * healthy client connected before the abuse notices nothing.
 */
class MalformedStartupPacketTest extends AgainstAbusedProxy {
    /** PostgreSQL's MAX_STARTUP_PACKET_LENGTH (10000) plus the length word it does not count. */
    private static final int LARGEST_STARTUP_PACKET = 10_004;

    @Test
    void aStartupPacketWithoutAUserGetsTheFatalPostgresqlItselfSends() throws Exception {
        String app = AbusedProxy.abusiveName();
        Map<String, String> direct = withoutUser(proxy.startupDirect(app));
        Map<String, String> throughRift = withoutUser(proxy.startupThroughRift(app));

        ErrorResponse fromPostgres = errorAnswering(proxy.connectRawToPostgres(), Packets.startup(direct));
        ErrorResponse fromRift = errorAnswering(proxy.connectRaw(), Packets.startup(throughRift));

        assertEquals("28000", fromRift.sqlState());
        assertEquals(visible(fromPostgres), visible(fromRift));
    }

    @Test
    void protocolVersionTwoGetsFatal0A000WithTheMessagePostgresqlItselfSends() throws Exception {
        String app = AbusedProxy.abusiveName();
        int version2 = 2 << 16;

        String fromPostgres = protocolTwoErrorAnswering(proxy.connectRawToPostgres(),
                Packets.startup(version2, proxy.startupDirect(app)));
        ErrorResponse fromRift = errorAnswering(proxy.connectRaw(),
                Packets.startup(version2, proxy.startupThroughRift(app)));

        // PostgreSQL answers a 2.0 client in 2.0's format, which has no SQLSTATE; rift answers
        // in 3.0's, with the code PostgreSQL raises (ERRCODE_FEATURE_NOT_SUPPORTED).
        assertEquals(List.of("FATAL", "0A000"), List.of(fromRift.severity(), fromRift.sqlState()));
        assertEquals("FATAL:  " + fromRift.message(), fromPostgres);
    }

    // PostgreSQL's limit counts the bytes after the length word. PostgreSQL itself only logs
    // "invalid length of startup packet" and hangs up; rift tells the client why.
    @ParameterizedTest(name = "announced length {0}")
    @ValueSource(ints = {LARGEST_STARTUP_PACKET + 1, Integer.MAX_VALUE, 7, 0, -1})
    void aStartupLengthOutsidePostgresqlsLimitsIsRefusedWith08P01WithoutWaitingForTheRest(int announcedLength)
            throws Exception {
        try (RawPgClient client = proxy.connectRaw()) {
            client.send(Packets.startupLengthWord(announcedLength));

            assertFatal(client.readUntilEnd(AbusedProxy.ANSWER_LIMIT), "08P01");
        }
    }

    @Test
    void aStartupPacketThatStaysWithinPostgresqlsLimitOnceRiftNamesTheUpstreamDatabaseIsAccepted() throws Exception {
        String app = AbusedProxy.abusiveName();
        // Sized so that the packet rift sends upstream (database "main" replaced by the upstream's
        // database) is exactly PostgreSQL's largest.
        Map<String, String> startup = padApplicationName(proxy.startupThroughRift(app),
                LARGEST_STARTUP_PACKET - proxy.growthOfStartupThroughRift());

        try (RawPgClient client = proxy.connectRaw()) {
            client.authenticate(startup, proxy.password());

            assertEquals(1, proxy.upstreamSessions(app), "the session started by the large startup packet");
        }
        proxy.awaitNoUpstreamSessions(app);
    }

    @Test
    void aStartupPacketThatOutgrowsPostgresqlsLimitOnceRiftNamesTheUpstreamDatabaseIsRefusedAsTooLong()
            throws Exception {
        Assumptions.assumeTrue(proxy.growthOfStartupThroughRift() > 0,
                "only when the upstream database's name is longer than the branch's");
        // Within PostgreSQL's limit as the client sends it, beyond it once rewritten for the upstream.
        Map<String, String> startup = padApplicationName(proxy.startupThroughRift(AbusedProxy.abusiveName()),
                LARGEST_STARTUP_PACKET);

        ErrorResponse fromRift = errorAnswering(proxy.connectRaw(), Packets.startup(startup));

        assertEquals(List.of("FATAL", "08P01"), List.of(fromRift.severity(), fromRift.sqlState()),
                "rift's answer " + fromRift.fields());
        assertTrue(fromRift.message().contains("startup packet"), "the message says what is wrong: "
                + fromRift.message());
    }

    private static ErrorResponse errorAnswering(RawPgClient connection, byte[] startupPacket) throws Exception {
        try (RawPgClient client = connection) {
            client.send(startupPacket);
            RawPgClient.Ending end = client.readUntilEnd(AbusedProxy.ANSWER_LIMIT);
            assertTrue(end.ended(), "the connection should have been ended, but: " + end);
            return end.error().orElseThrow(() -> new AssertionError("no ErrorResponse in " + end));
        }
    }

    /** A protocol 2.0 ErrorResponse is 'E' and one C string, "SEVERITY:  message\n". */
    private static String protocolTwoErrorAnswering(RawPgClient connection, byte[] startupPacket) throws Exception {
        try (RawPgClient client = connection) {
            client.send(startupPacket);
            RawPgClient.Ending end = client.readUntilEnd(AbusedProxy.ANSWER_LIMIT);
            byte[] r = end.received();
            assertTrue(end.ended() && r.length > 2 && r[0] == 'E' && r[r.length - 1] == 0,
                    "a protocol 2.0 ErrorResponse from PostgreSQL: " + end);
            return new String(r, 1, r.length - 2, StandardCharsets.UTF_8).stripTrailing();
        }
    }

    private static Map<String, String> withoutUser(Map<String, String> startup) {
        Map<String, String> m = new LinkedHashMap<>(startup);
        m.remove("user");
        return m;
    }

    /**
     * Pads the application_name (PostgreSQL keeps its first 63 bytes, so the name still starts
     * with the client's marker) until the packet is {@code packetLength} bytes long.
     */
    private static Map<String, String> padApplicationName(Map<String, String> startup, int packetLength) {
        Map<String, String> padded = new LinkedHashMap<>(startup);
        String name = startup.get("application_name") + " ";
        padded.put("application_name", name);
        int padding = packetLength - Packets.startup(padded).length;
        padded.put("application_name", name + "x".repeat(padding));
        assertEquals(packetLength, Packets.startup(padded).length, "the padded packet's length");
        return padded;
    }
}
