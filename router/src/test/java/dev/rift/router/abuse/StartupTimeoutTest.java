package dev.rift.router.abuse;

import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** A client that connects and never finishes its startup is let go, as PostgreSQL's authentication_timeout does. */
@ExtendWith({UpstreamExtension.class, NettyLeakCheck.class})
class StartupTimeoutTest {
    private static AbusedProxy proxy;

    @BeforeAll
    static void start(TestUpstream pg) throws Exception {
        proxy = AbusedProxy.start(pg);
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
    void aClientThatSaysNothingIsDisconnectedAfterTheStartupTimeout() throws Exception {
        long start = System.nanoTime();
        try (RawPgClient silent = proxy.connectRaw()) {
            RawPgClient.Ending end = silent.readUntilEnd(AbusedProxy.STARTUP_TIMEOUT.plusSeconds(8));
            Duration waited = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(end.ended(), "the silent client should have been disconnected, but: " + end);
            assertTrue(waited.compareTo(AbusedProxy.STARTUP_TIMEOUT) >= 0, "not before the timeout: " + waited);
            Replies.assertFatal(end, "08P01");
        }
    }
}
