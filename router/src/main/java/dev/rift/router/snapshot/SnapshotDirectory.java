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
    /** main's database, fixed at init: read once, so a connection to a running branch does no file I/O on the event loop. */
    private final String database;
    private final Map<String, Postmaster> running = new ConcurrentHashMap<>();
    private final Map<String, Long> lastRouted = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    public SnapshotDirectory(SnapshotPool pool, AutoCreate autoCreate, Executor provisioning) {
        this.pool = pool;
        this.autoCreate = autoCreate;
        this.provisioning = provisioning;
        this.database = pool.state().database();
    }

    @Override
    public CompletionStage<Optional<Route>> route(String branch) {
        if (!BranchName.isValid(branch)) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        // Mark the use before looking, and the reaper unmarks running before checking use: so either
        // the reaper sees this use and keeps the postmaster, or this lookup misses it and provisions.
        lastRouted.put(branch, System.nanoTime());
        Postmaster known = running.get(branch);
        if (known != null && known.isRunning()) {
            return CompletableFuture.completedFuture(Optional.of(routeTo(branch, known)));
        }
        return CompletableFuture.supplyAsync(() -> provision(branch), provisioning);
    }

    /** An existing branch or one {@link AutoCreate} would make; reading the pool's state is file I/O, so off the loop. */
    @Override
    public CompletionStage<Boolean> serves(String database) {
        if (!BranchName.isValid(database)) {
            return CompletableFuture.completedFuture(false);
        }
        return CompletableFuture.supplyAsync(() -> autoCreate.allows(database) || pool.state().has(database),
                provisioning);
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
            Postmaster p = running.remove(branch);
            Long last = lastRouted.get(branch);
            if (p == null) {
                return false;
            }
            if (last != null && System.nanoTime() - last < idleNanos || sessions.getAsInt() > 0) {
                running.put(branch, p);
                return false;
            }
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
                try {
                    pool.create(branch, null);
                } catch (IllegalStateException e) {
                    if (!pool.state().has(branch)) {
                        throw e;
                    } // made meanwhile by another rift process (the CLI): serve that one
                }
            }
            Postmaster p = pool.start(branch);
            running.put(branch, p);
            lastRouted.put(branch, System.nanoTime());
            return Optional.of(routeTo(branch, p));
        }
    }

    private Route routeTo(String branch, Postmaster p) {
        // Every branch but main carries its own name (SnapshotPool#database), as a copy of that name would.
        String db = SnapshotPool.MAIN.equals(branch) ? database : branch;
        return Route.relay(branch, new UpstreamUrl(HOST, p.port(), db, null, null, SslMode.DISABLE, null));
    }

    private Object lockOf(String branch) {
        return locks.computeIfAbsent(branch, b -> new Object());
    }
}
