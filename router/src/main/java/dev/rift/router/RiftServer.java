package dev.rift.router;

import dev.rift.cow.OverlayEngine;
import dev.rift.cow.layer.LayerFootprint;
import dev.rift.pgwire.message.SqlState;
import dev.rift.router.control.ControlEndpoint;
import dev.rift.router.control.LoopbackMergeTargets;
import dev.rift.router.overlay.EngineTableShapes;
import dev.rift.router.metrics.Metrics;
import dev.rift.router.metrics.ServerMetrics;
import dev.rift.router.overlay.PlanningLanes;
import dev.rift.router.overlay.RouterPlanner;
import dev.rift.storage.BranchName;
import dev.rift.storage.UpstreamUrl;
import dev.rift.storage.catalog.BranchCatalog;
import dev.rift.storage.catalog.BranchEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * rift as {@code rift serve} runs it: the proxy, with {@code main} relayed to the upstream and
 * every branch of the catalog served through the overlay engine. Branch changes made by any rift
 * process (another server, the CLI) reach it through the catalog's notifications; sessions on a
 * deleted branch are ended with SQLSTATE 57P01.
 */
public final class RiftServer extends ProxyService {
    private static final Logger log = LoggerFactory.getLogger(RiftServer.class);
    private static final int BLOCKING_THREADS = 8;
    /** How long a reading of the overlay layers' size is reused (it asks PostgreSQL for every layer relation's). */
    private static final Duration OVERLAY_BYTES_MAX_AGE = Duration.ofSeconds(10);

    private final BranchCatalog catalog;
    private final BranchEvents events;
    private final OverlayEngine engine;
    private final ExecutorService blocking;
    private final PlanningLanes planning;
    private final ProxyServer proxy;
    private final UpstreamUrl upstream;
    private final AutoCreate autoCreate;
    private final ControlEndpoint control;

    private RiftServer(ProxyConfig config, AutoCreate autoCreate) throws InterruptedException {
        this.upstream = config.upstream();
        this.autoCreate = autoCreate;
        this.catalog = BranchCatalog.open(upstream);
        try {
            this.events = BranchEvents.start(upstream);
            this.engine = new OverlayEngine(catalog, events);
            this.blocking = Executors.newFixedThreadPool(BLOCKING_THREADS, daemonThreads("rift-blocking-"));
            this.control = new ControlEndpoint(engine,
                    new LoopbackMergeTargets(upstream, config.listenHost(), this::port), blocking);
            RouterPlanner planner = new RouterPlanner(engine, new EngineTableShapes(catalog.dataSource()));
            this.planning = new PlanningLanes(config.planning());
            this.proxy = ProxyServer.start(withUpstreamLimit(config), new BranchDirectory() {
                @Override
                public CompletionStage<Optional<Route>> route(String branch) {
                    return RiftServer.this.route(branch);
                }

                @Override
                public CompletionStage<Boolean> serves(String database) {
                    return RiftServer.this.serves(database);
                }
            }, planner, planning,
                    (branch, role) -> CompletableFuture.supplyAsync(() -> engine.sessionLogin(branch, role), blocking));
            registerMetrics(planner);
            events.subscribe(new BranchEvents.Listener() {
                @Override
                public void changed(String branch) {
                    planner.changed(branch);
                    blocking.execute(() -> endSessionsIfDeleted(branch));
                }

                @Override
                public void missed() {
                    planner.forgetAll();
                }
            });
        } catch (RuntimeException | InterruptedException e) {
            catalog.close();
            throw e;
        }
    }

    /**
     * The config with --max-upstream-conn decided: when left to rift, a share of what the upstream says it takes
     * (its max_connections less reserved ones), read now over rift's own catalog connection.
     */
    private ProxyConfig withUpstreamLimit(ProxyConfig config) {
        ConnectionLimits limits = config.limits();
        UpstreamCapacity capacity;
        try {
            capacity = UpstreamCapacity.read(catalog.dataSource());
        } catch (SQLException e) {
            capacity = UpstreamCapacity.POSTGRES_DEFAULT;
            log.warn("could not read the upstream's max_connections ({}): assuming {}", e.getMessage(), capacity);
        }
        int limit = limits.upstreamLimit(capacity);
        if (limit > capacity.maxConnections() - capacity.reserved()) {
            log.warn("--max-upstream-conn {} is more than the upstream takes ({} max_connections, {} reserved):"
                    + " clients through rift can keep others from logging in", limit, capacity.maxConnections(),
                    capacity.reserved());
        }
        return config.withLimits(limits.withMaxUpstreamConn(limit));
    }

    public static RiftServer start(ProxyConfig config) throws InterruptedException {
        return new RiftServer(config, AutoCreate.OFF);
    }

    /** A server that creates a missing branch from main when a client connects to it and {@code autoCreate} allows its name. */
    public static RiftServer start(ProxyConfig config, AutoCreate autoCreate) throws InterruptedException {
        return new RiftServer(config, autoCreate);
    }

    private CompletableFuture<Optional<Route>> route(String branch) {
        if (BranchDirectory.MAIN.equals(branch)) {
            return CompletableFuture.completedFuture(Optional.of(Route.relay(branch, upstream)));
        }
        if (ControlEndpoint.DATABASE.equals(branch)) {
            return CompletableFuture.completedFuture(Optional.of(Route.control(upstream, control)));
        }
        if (!BranchName.isValid(branch)) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return CompletableFuture.supplyAsync(() -> {
            if (catalog.isInstalled() && catalog.branch(branch).isPresent()) {
                return Optional.of(new Route(branch, upstream, Route.Mode.OVERLAY));
            }
            return autoCreate.allows(branch) ? autoCreated(branch) : Optional.<Route>empty();
        }, blocking);
    }

    /** main, database rift, a branch of the catalog or one --auto-create would make; creates nothing. */
    private CompletableFuture<Boolean> serves(String database) {
        if (BranchDirectory.MAIN.equals(database) || ControlEndpoint.DATABASE.equals(database)) {
            return CompletableFuture.completedFuture(true);
        }
        if (!BranchName.isValid(database)) {
            return CompletableFuture.completedFuture(false);
        }
        return CompletableFuture.supplyAsync(() -> autoCreate.allows(database)
                || catalog.isInstalled() && catalog.branch(database).isPresent(), blocking);
    }

    /** Creates {@code branch} from main for a connecting client (another client may have just done so). */
    private synchronized Optional<Route> autoCreated(String branch) {
        if (!catalog.isInstalled()) {
            engine.install();
        }
        if (catalog.branch(branch).isEmpty()) {
            log.info("creating branch {} for a connecting client", branch);
            engine.createBranch(branch, null);
        }
        return Optional.of(new Route(branch, upstream, Route.Mode.OVERLAY));
    }

    private void endSessionsIfDeleted(String branch) {
        try {
            if (catalog.branch(branch).isEmpty()) {
                proxy.services().sessions().terminate(branch, SqlState.ADMIN_SHUTDOWN,
                        "terminating connection because branch \"" + branch + "\" was deleted");
            }
        } catch (RuntimeException e) {
            log.warn("could not check whether branch {} still exists", branch, e);
        }
    }

    private void registerMetrics(RouterPlanner planner) {
        Metrics metrics = proxy.metrics();
        ServerMetrics.branches(metrics, () -> catalog.isInstalled() ? catalog.branches().size() : 0);
        LayerFootprint layers = new LayerFootprint(catalog);
        ServerMetrics.overlayBytes(metrics, layers::bytes, OVERLAY_BYTES_MAX_AGE);
        ServerMetrics.planCache(metrics, planner.cache());
    }

    @Override
    public ProxyServer proxy() {
        return proxy;
    }

    public OverlayEngine engine() {
        return engine;
    }

    @Override
    protected void closeParts() {
        proxy.close();
        planning.close();
        blocking.shutdown();
        try {
            blocking.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        engine.close();
        events.close();
        catalog.close();
    }
}
