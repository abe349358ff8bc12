package dev.rift.router.snapshot;

import dev.rift.router.AutoCreate;
import dev.rift.router.ProxyConfig;
import dev.rift.router.ProxyServer;
import dev.rift.router.ProxyService;
import dev.rift.router.metrics.ServerMetrics;
import dev.rift.storage.pool.SnapshotPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * rift serving snapshot mode ({@code rift serve --pool POOL}): the proxy, with every branch (main
 * included) relayed to its own postmaster. On start it recovers the pool from a crash of the
 * previous server (adopting postmasters it left running, cleaning up half-made or half-deleted
 * branches); while running, it provisions branches on connect and stops idle postmasters; on
 * close it stops every postmaster it ran.
 */
public final class SnapshotServer extends ProxyService {

    private static final Logger log = LoggerFactory.getLogger(SnapshotServer.class);

    private final SnapshotPool pool;
    private final ExecutorService provisioning;
    private final SnapshotDirectory directory;
    private final ProxyServer proxy;
    private final IdleReaper reaper;
    private final SnapshotPool.Recovery recovery;

    private SnapshotServer(ProxyConfig config, SnapshotPool pool, AutoCreate autoCreate, Duration idle)
            throws InterruptedException {
        this.pool = pool;
        this.recovery = pool.recover();
        // Creating a branch with the copy driver takes as long as copying it: never on a bounded pool.
        this.provisioning = Executors.newCachedThreadPool(daemonThreads("rift-provision-"));
        this.directory = new SnapshotDirectory(pool, autoCreate, provisioning);
        recovery.adopted().forEach(directory::adopt);
        try {
            this.proxy = ProxyServer.start(config, directory);
        } catch (RuntimeException | InterruptedException e) {
            provisioning.shutdownNow();
            throw e;
        }
        this.reaper = new IdleReaper(directory, proxy.services().sessions(), idle);
        ServerMetrics.branches(proxy.metrics(), () -> pool.state().branches().keySet().stream()
                .filter(name -> !SnapshotPool.MAIN.equals(name)).count());
        log.info("serving snapshot pool {} ({}), idle postmasters stop after {}", pool.driver().pool(),
                pool.driver().name(), idle);
    }

    public static SnapshotServer start(ProxyConfig config, SnapshotPool pool, AutoCreate autoCreate, Duration idle)
            throws InterruptedException {
        if (idle.isNegative() || idle.isZero()) {
            throw new IllegalArgumentException("--idle must be positive");
        }
        return new SnapshotServer(config, pool, autoCreate, idle);
    }

    @Override
    public ProxyServer proxy() {
        return proxy;
    }

    public SnapshotPool pool() {
        return pool;
    }

    /** The idle reaper, whose passes the tests wait for. */
    IdleReaper reaper() {
        return reaper;
    }

    /** What the start-up recovery found: adopted postmasters, forgotten branches, destroyed stray volumes. */
    public SnapshotPool.Recovery recovery() {
        return recovery;
    }

    @Override
    protected void closeParts() {
        reaper.close();
        proxy.close();
        provisioning.shutdown();
        try {
            provisioning.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        directory.stopAll();
    }
}
