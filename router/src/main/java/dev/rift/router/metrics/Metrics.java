package dev.rift.router.metrics;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The metrics one rift process exposes (docs/metrics.md), rendered in Prometheus' text exposition format for
 * {@code GET /metrics}. Each server has a registry of its own, never the client library's global default, so
 * two servers in one JVM (the tests) do not mix their counts.
 */
public final class Metrics {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    /** Where the servers register their collectors. */
    public PrometheusRegistry registry() {
        return registry;
    }

    /** The HTTP Content-Type of {@link #scrape(OutputStream)}: {@code text/plain; version=0.0.4; charset=utf-8}. */
    public String contentType() {
        return writer.getContentType();
    }

    /** Collects every metric now and writes them to {@code out} (not closed). */
    public void scrape(OutputStream out) throws IOException {
        writer.write(out, registry.scrape());
    }

    /** {@link #scrape(OutputStream)} as a string. */
    public String scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            scrape(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
