package dev.rift.router.metrics;

import dev.rift.router.Route;
import dev.rift.router.overlay.Plan;
import dev.rift.router.session.BranchSessions;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;

/**
 * The metrics every proxy keeps, in both modes: connections, statements by how rift handled them, and query-cycle
 * latency (docs/metrics.md). Sessions update them on their existing code paths: each labelled series is looked up
 * once here, so an update is a lock-free add with no allocation. The open-connection gauge costs the sessions
 * nothing: it is read from {@link BranchSessions} when scraped, so a branch with no session has no series.
 */
public final class ProxyMetrics {
    /** Upper bounds, in seconds: a relayed cycle takes ~0.1 ms, a first plan or a copy-up tens of ms. */
    static final double[] LATENCY_BUCKETS = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
            0.25, 0.5, 1, 2.5, 5, 10};

    private final Metrics metrics;
    private final Counter accepted;
    private final CounterDataPoint startupsWithTls;
    private final CounterDataPoint startupsInPlainText;
    private final CounterDataPoint passThrough;
    private final CounterDataPoint rewritten;
    private final CounterDataPoint refused;
    private final DistributionDataPoint relayLatency;
    private final DistributionDataPoint overlayLatency;

    public ProxyMetrics(Metrics metrics, BranchSessions sessions) {
        this.metrics = metrics;
        this.accepted = Counter.builder()
                .name("rift_connections_accepted_total")
                .help("Client connections accepted by the proxy (cancel requests included)")
                .withoutExemplars()
                .register(metrics.registry());
        Counter startups = Counter.builder()
                .name("rift_client_startups_total")
                .help("StartupMessages received from clients, by whether the connection was encrypted with TLS")
                .labelNames("encryption")
                .withoutExemplars()
                .register(metrics.registry());
        this.startupsWithTls = startups.labelValues("tls");
        this.startupsInPlainText = startups.labelValues("none");
        GaugeWithCallback.builder()
                .name("rift_connections_open")
                .help("Client sessions ready for queries, per branch")
                .labelNames("branch")
                .callback(cb -> sessions.counts().forEach((branch, n) -> cb.call(n, branch)))
                .register(metrics.registry());
        Counter statements = Counter.builder()
                .name("rift_statements_total")
                .help("Statements sent to run (a Query or a Bind), by what rift sent upstream for them")
                .labelNames("kind")
                .withoutExemplars()
                .register(metrics.registry());
        this.passThrough = statements.labelValues("passthrough");
        this.rewritten = statements.labelValues("rewritten");
        this.refused = statements.labelValues("refused");
        Histogram latency = Histogram.builder()
                .name("rift_statement_duration_seconds")
                .help("Query cycles, from the client's first message of a Query, Sync or FunctionCall cycle"
                        + " reaching rift to the ReadyForQuery rift sends back, by how the session is served")
                .unit(io.prometheus.metrics.model.snapshots.Unit.SECONDS)
                .labelNames("mode")
                .classicOnly()
                .classicUpperBounds(LATENCY_BUCKETS)
                .withoutExemplars()
                .register(metrics.registry());
        this.relayLatency = latency.labelValues("relay");
        this.overlayLatency = latency.labelValues("overlay");
    }

    /** The registry these metrics are in, with the servers' own. */
    public Metrics metrics() {
        return metrics;
    }

    public void connectionAccepted() {
        accepted.inc();
    }

    /** A client's StartupMessage arrived, inside TLS or in plain text (refused ones included). */
    public void startup(boolean encrypted) {
        (encrypted ? startupsWithTls : startupsInPlainText).inc();
    }

    /** A statement of a relayed session (main, snapshot branches): always passed through. */
    public void passedThrough() {
        passThrough.inc();
    }

    /** A statement of an overlay session, as its plan sends it. */
    public void planned(Plan.Kind kind) {
        switch (kind) {
            case PASS_THROUGH -> passThrough.inc();
            case REWRITTEN -> rewritten.inc();
            case REFUSED -> refused.inc();
        }
    }

    /** The latency series a session of this mode observes into. */
    DistributionDataPoint latency(Route.Mode mode) {
        return mode == Route.Mode.OVERLAY ? overlayLatency : relayLatency;
    }

    /** A new session's query-cycle clock, observing into the series of its mode. */
    public StatementClock clock(Route.Mode mode) {
        return new StatementClock(latency(mode));
    }
}
