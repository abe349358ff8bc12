package dev.rift.router.metrics;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Values read at scrape time: a failed reading does not fail the scrape, and the costly one is reused a while. */
class ServerMetricsTest {
    private final Metrics metrics = new Metrics();

    @Test
    void aValueThatCannotBeReadIsLeftOutOfTheScrapeAndTheRestIsServed() {
        ServerMetrics.branches(metrics, () -> {
            throw new IllegalStateException("upstream unreachable");
        });
        ServerMetrics.overlayBytes(metrics, () -> 4096, Duration.ofSeconds(10));
        Scrape s = new Scrape(metrics.scrape());
        assertTrue(s.find("rift_branches").isEmpty(), s::toString);
        assertEquals(4096, s.value("rift_overlay_bytes"));
    }

    @Test
    void overlayBytesAreReadAgainOnlyOnceTheLastReadingIsOlderThanItsMaximumAge() {
        AtomicLong readings = new AtomicLong();
        ServerMetrics.overlayBytes(metrics, readings::incrementAndGet, Duration.ofHours(1));
        assertEquals(1, new Scrape(metrics.scrape()).value("rift_overlay_bytes"));
        assertEquals(1, new Scrape(metrics.scrape()).value("rift_overlay_bytes"), "the first reading is reused");

        Metrics uncached = new Metrics();
        AtomicLong fresh = new AtomicLong();
        ServerMetrics.overlayBytes(uncached, fresh::incrementAndGet, Duration.ZERO);
        uncached.scrape();
        assertEquals(2, new Scrape(uncached.scrape()).value("rift_overlay_bytes"), "read at every scrape");
    }
}
