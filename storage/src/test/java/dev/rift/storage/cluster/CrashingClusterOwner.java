package dev.rift.storage.cluster;

/**
 * Run in a separate JVM by {@link LocalClusterTest}: starts a temp cluster, reports it, and waits
 * to be killed with SIGKILL (so no shutdown hook runs).
 */
public final class CrashingClusterOwner {

    private CrashingClusterOwner() {
    }

    public static void main(String[] args) throws InterruptedException {
        LocalCluster c = LocalCluster.start("crash", "pw");
        System.out.println("STARTED " + c.pid() + " " + c.dataDir().getParent());
        System.out.flush();
        Thread.sleep(120_000);
    }
}
