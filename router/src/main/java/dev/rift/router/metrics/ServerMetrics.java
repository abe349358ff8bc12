package dev.rift.router.metrics;

import dev.rift.router.sql.RewriteCache;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.snapshots.Unit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * The metrics a server reads when it is scraped rather than counts as it goes (docs/metrics.md): the branches, the
 * bytes their overlay layers hold, the rewrite cache's hits and misses. A value that cannot be read (the upstream is
 * down) is left out of that scrape, logged, instead of failing the whole scrape.
 */
public final class ServerMetrics {
    private static final Logger log = LoggerFactory.getLogger(ServerMetrics.class);

    private ServerMetrics() {}

    /** {@code rift_branches}: how many branches exist, {@code main} not counted, read at each scrape. */
    public static void branches(Metrics metrics, LongSupplier count) {
        GaugeWithCallback.builder()
                .name("rift_branches")
                .help("Branches that exist (main not counted)")
                .callback(cb -> read("rift_branches", count, v -> cb.call(v)))
                .register(metrics.registry());
    }

    /**
     * {@code rift_overlay_bytes}: the on-disk size of every branch's overlay layers, read at most once per
     * {@code maxAge} since it asks PostgreSQL for the size of each layer relation.
     */
    public static void overlayBytes(Metrics metrics, LongSupplier bytes, Duration maxAge) {
        RecentValue recent = new RecentValue(bytes, maxAge);
        GaugeWithCallback.builder()
                .name("rift_overlay_bytes")
                .help("On-disk bytes of all branches' overlay layers (tables, indexes, sequences)")
                .unit(Unit.BYTES)
                .callback(cb -> read("rift_overlay_bytes", recent, v -> cb.call(v)))
                .register(metrics.registry());
    }

    /** {@code rift_plan_cache_hits_total} and {@code _misses_total}: statements planned from the cache or not. */
    public static void planCache(Metrics metrics, RewriteCache cache) {
        CounterWithCallback.builder()
                .name("rift_plan_cache_hits_total")
                .help("Overlay statements whose plan came from the rewrite cache")
                .callback(cb -> cb.call(cache.hits()))
                .register(metrics.registry());
        CounterWithCallback.builder()
                .name("rift_plan_cache_misses_total")
                .help("Overlay statements that had to be parsed and planned")
                .callback(cb -> cb.call(cache.misses()))
                .register(metrics.registry());
    }

    private static void read(String name, LongSupplier value, LongConsumer then) {
        long v;
        try {
            v = value.getAsLong();
        } catch (RuntimeException e) {
            log.warn("{} left out of this scrape: {}", name, e.toString());
            return;
        }
        then.accept(v);
    }

    /** A value read again only when the last reading is older than its maximum age (scrapes are seconds apart). */
    static final class RecentValue implements LongSupplier {
        private final LongSupplier source;
        private final long maxAgeNanos;
        private long readAt;
        private long value;
        private boolean read;

        RecentValue(LongSupplier source, Duration maxAge) {
            this.source = source;
            this.maxAgeNanos = maxAge.toNanos();
        }

        @Override
        public synchronized long getAsLong() {
            long now = System.nanoTime();
            if (!read || now - readAt >= maxAgeNanos) {
                value = source.getAsLong();
                readAt = now;
                read = true;
            }
            return value;
        }
    }
}
