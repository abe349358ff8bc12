package dev.rift.router.snapshot;

import dev.rift.router.AutoCreate;
import dev.rift.router.BranchDirectory;
import dev.rift.router.Route;
import dev.rift.storage.BranchName;
import dev.rift.storage.SslMode;
import dev.rift.storage.UpstreamUrl;
import dev.rift.storage.pool.PoolState;
import dev.rift.storage.pool.Postmaster;
import dev.rift.storage.pool.SnapshotPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Routes each snapshot branch to its own postmaster, provisioning on connect: a branch that does
 * not exist is created from main (if {@link AutoCreate} allows its name), a stopped branch's
 * postmaster is started, and only then is the route handed to the session, which holds the
 * client meanwhile. A connection to a branch whose postmaster is known to run costs no pool I/O.
 * Provisioning of one branch is serialized against itself and against the idle reaper.
 */
public final class SnapshotDirectory implements BranchDirectory {

    private static final Logger log = LoggerFactory.getLogger(SnapshotDirectory.class);
    private static final String HOST = "127.0.0.1";

    private final SnapshotPool pool;
    private final AutoCreate autoCreate;
    private final Executor provisioning;
    private final Map<String, Postmaster> running = new ConcurrentHashMap<>();
    private final Map<String, Long> lastRouted = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    public SnapshotDirectory(SnapshotPool pool, AutoCreate autoCreate, Executor provisioning) {
        this.pool = pool;
        this.autoCreate = autoCreate;
        this.provisioning = provisioning;
    }

    @Override
    public CompletionStage<Optional<Route>> route(String branch) {
        if (!BranchName.isValid(branch)) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        Postmaster known = running.get(branch);
        if (known != null && known.isRunning()) {
            lastRouted.put(branch, System.nanoTime());
            return CompletableFuture.completedFuture(Optional.of(routeTo(branch, known, pool.state())));
        }
        return CompletableFuture.supplyAsync(() -> provision(branch), provisioning);
    }

    /** A postmaster found running when the server started (left by a rift that was killed). */
    void adopt(String branch) {
        pool.running(branch).ifPresent(p -> {
            running.put(branch, p);
            lastRouted.put(branch, System.nanoTime());
            log.info("adopted the running postmaster of branch {} (pid {}, port {})", branch, p.pid(), p.port());
        });
    }

    /** Branches whose postmaster this server runs or adopted. */
    Set<String> runningBranches() {
        return Set.copyOf(running.keySet());
    }

    /**
     * Stops the branch's postmaster if it has not been routed to for {@code idleNanos} and
     * {@code sessions} is zero (asked under the branch's lock, so no connection slips in between).
     */
    boolean stopIfIdle(String branch, long idleNanos, java.util.function.IntSupplier sessions) {
        synchronized (lockOf(branch)) {
            Long last = lastRouted.get(branch);
            if (last != null && System.nanoTime() - last < idleNanos || sessions.getAsInt() > 0) {
                return false;
            }
            running.remove(branch);
            lastRouted.remove(branch);
            boolean stopped = pool.stop(branch);
            if (stopped) {
                log.info("stopped the idle postmaster of branch {}", branch);
            }
            return stopped;
        }
    }

    /** Stops every postmaster this server runs or adopted. */
    void stopAll() {
        for (String b : runningBranches()) {
            synchronized (lockOf(b)) {
                running.remove(b);
                try {
                    pool.stop(b);
                } catch (RuntimeException e) {
                    log.warn("could not stop the postmaster of branch {}", b, e);
                }
            }
        }
    }

    private Optional<Route> provision(String branch) {
        synchronized (lockOf(branch)) {
            PoolState state = pool.state();
            if (!state.has(branch)) {
                if (!autoCreate.allows(branch)) {
                    return Optional.empty();
                }
                log.info("creating branch {} for a connecting client", branch);
                pool.create(branch, null);
                state = pool.state();
            }
            Postmaster p = pool.start(branch);
            running.put(branch, p);
            lastRouted.put(branch, System.nanoTime());
            return Optional.of(routeTo(branch, p, state));
        }
    }

    private static Route routeTo(String branch, Postmaster p, PoolState state) {
        return Route.relay(branch, new UpstreamUrl(HOST, p.port(), state.database(), null, null, SslMode.DISABLE, null));
    }

    private Object lockOf(String branch) {
        return locks.computeIfAbsent(branch, b -> new Object());
    }
}
