package dev.rift.router.abuse;

import dev.rift.pgwire.message.ErrorResponse;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Seeded garbage: many connections each send random bytes, some after a valid StartupMessage,
 * then stop sending. Every one must be ended by rift (a FATAL ErrorResponse or a plain close)
 * without hanging, and the healthy client connected before it all must still be served.
 */
class RandomBytesTest extends AgainstAbusedProxy {
    private static final Logger log = LoggerFactory.getLogger(RandomBytesTest.class);
    /** Fixed, so a failure replays exactly; change it to explore other garbage. */
    private static final long SEED = 20_241_124L;
    private static final int CONNECTIONS = 300;
    private static final int MAX_GARBAGE = 2000;
    private static final String APP_PREFIX = AbusedProxy.ABUSIVE_PREFIX + "random-";

    @Test
    void everyConnectionOfRandomBytesIsEndedWithAFatalErrorOrACloseAndNobodyElseNotices() throws Exception {
        Random random = new Random(SEED);
        Map<String, Integer> outcomes = new TreeMap<>();
        List<String> problems = new ArrayList<>();

        for (int i = 0; i < CONNECTIONS; i++) {
            byte[] garbage = new byte[1 + random.nextInt(MAX_GARBAGE)];
            random.nextBytes(garbage);
            boolean afterStartup = random.nextInt(3) == 0;
            byte[] bytes = afterStartup
                    ? Packets.concat(Packets.startup(proxy.startupThroughRift(APP_PREFIX + i)), garbage)
                    : garbage;
            String what = "connection " + i + " (" + garbage.length + " random bytes"
                    + (afterStartup ? " after a StartupMessage)" : ")");

            RawPgClient.Ending end = sendThenStopSending(bytes);

            String problem = problemWith(end);
            if (problem != null) {
                problems.add(what + ": " + problem);
            } else {
                outcomes.merge(outcome(end), 1, Integer::sum);
            }
        }

        log.info("{} connections of random bytes (seed {}): {}", CONNECTIONS, SEED, outcomes);
        assertEquals(List.of(), problems);
        proxy.awaitNoUpstreamSessions(APP_PREFIX);
    }

    private static RawPgClient.Ending sendThenStopSending(byte[] bytes) throws IOException {
        try (RawPgClient client = proxy.connectRaw()) {
            try {
                client.send(bytes);
                client.finishSending(); // what rift is still waiting for will never come
            } catch (SocketException e) {
                // rift hung up before it had read everything: its answer, if any, is still to be read
            }
            return client.readUntilEnd(AbusedProxy.ANSWER_LIMIT);
        }
    }

    /** Null if the ending is acceptable, else what is wrong with it. */
    private static String problemWith(RawPgClient.Ending end) {
        if (!end.ended()) {
            return "left hanging: " + end;
        }
        List<RawPgClient.BackendMessage> messages;
        try {
            messages = end.messages();
        } catch (AssertionError e) {
            return e.getMessage();
        }
        for (RawPgClient.BackendMessage m : messages) {
            // 'R': the upstream's authentication request, if rift connected before reading the garbage
            if (m.type() == 'R') {
                continue;
            }
            if (m.type() != 'E') {
                return "unexpected message '" + m.type() + "' in " + end;
            }
            ErrorResponse error = m.asError();
            if (!"FATAL".equals(error.severity())) {
                return "an error that does not end the session: " + error.fields();
            }
        }
        return null;
    }

    private static String outcome(RawPgClient.Ending end) {
        return end.error().map(e -> "FATAL " + e.sqlState()).orElse("closed without a word") + " (" + end.how() + ")";
    }
}
