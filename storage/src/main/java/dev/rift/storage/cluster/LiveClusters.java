package dev.rift.storage.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The clusters this JVM started and has not stopped yet: a shutdown hook, installed with the first,
 * stops those still running when the JVM exits, by PID (SIGINT = fast shutdown, then SIGKILL
 * after 10 s), and deletes their temporary directories.
 */
final class LiveClusters {

    /** The one instance: a JVM has one set of shutdown hooks. */
    static final LiveClusters OF_THIS_JVM = new LiveClusters();

    private final Set<LocalCluster> live = ConcurrentHashMap.newKeySet();
    private volatile boolean hookInstalled;

    private LiveClusters() {
    }

    void add(LocalCluster c) {
        live.add(c);
        if (!hookInstalled) {
            synchronized (this) {
                if (!hookInstalled) {
                    Runtime.getRuntime().addShutdownHook(new Thread(this::stopAllAtExit,
                            "rift-local-cluster-reaper"));
                    hookInstalled = true;
                }
            }
        }
    }

    void remove(LocalCluster c) {
        live.remove(c);
    }

    /** Shutdown hook: fast-shutdown every cluster still running, by PID; kill what lingers. */
    private void stopAllAtExit() {
        List<LocalCluster> clusters = new ArrayList<>(live);
        if (clusters.isEmpty()) {
            return;
        }
        for (LocalCluster c : clusters) {
            if (PostmasterProcess.isAlive(c.pid())) {
                PostmasterProcess.signal(c.pid(), "INT"); // fast shutdown
            }
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        for (LocalCluster c : clusters) {
            PostmasterProcess.waitUntilDead(c.pid(), deadline);
            if (PostmasterProcess.isAlive(c.pid())) {
                PostmasterProcess.kill(c.pid());
            }
            c.discardStopped();
        }
        live.clear();
    }
}
