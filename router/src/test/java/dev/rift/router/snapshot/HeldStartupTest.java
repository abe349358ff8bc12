package dev.rift.router.snapshot;

import dev.rift.router.BranchDirectory;
import dev.rift.router.ProxyConfig;
import dev.rift.router.ProxyServer;
import dev.rift.router.Route;
import dev.rift.storage.UpstreamUrl;
import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.rift.router.snapshot.SnapshotRoutingTest.one;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Provisioning a branch may take longer than the startup timeout (a large copy, a slow start):
 * the client is held, not timed out, and served once the branch's route is known.
 */
@ExtendWith(UpstreamExtension.class)
class HeldStartupTest {

    @Test
    void aClientWhoseBranchTakesLongerThanTheStartupTimeoutToProvisionIsHeldThenServed(TestUpstream pg)
            throws Exception {
        // Long enough for pgjdbc to send its startup packet on a loaded machine; provisioning takes longer still.
        Duration startupTimeout = Duration.ofMillis(2000);
        Duration provisioning = Duration.ofMillis(4000);
        UpstreamUrl upstream = UpstreamUrl.parse(pg.url());
        BranchDirectory slow = branch -> CompletableFuture.supplyAsync(() -> Optional.of(Route.relay(branch, upstream)),
                CompletableFuture.delayedExecutor(provisioning.toMillis(), TimeUnit.MILLISECONDS));
        try (ProxyServer proxy = ProxyServer.start(new ProxyConfig("127.0.0.1", 0, upstream,
                ProxyConfig.DEFAULT_MAX_FRAME, startupTimeout), slow)) {
            long start = System.nanoTime();
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + proxy.port()
                    + "/being-provisioned", pg.user(), pg.password())) {
                assertTrue(System.nanoTime() - start >= provisioning.toNanos(), "the client was held");
                assertEquals(1, one(c, "select 1"));
            }
        }
    }
}
