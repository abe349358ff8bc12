package dev.rift.router.abuse;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** A client that connects and never finishes its startup is let go, as PostgreSQL's authentication_timeout does. */
class StartupTimeoutTest extends AgainstAbusedProxy {
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
