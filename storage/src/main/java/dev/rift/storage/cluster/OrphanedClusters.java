package dev.rift.storage.cluster;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Temp clusters left behind by JVMs that are gone. A JVM killed outright (SIGKILL, surefire's halt)
 * runs no shutdown hook; so each temp directory ({@code rift-pg-*}) records its owning JVM in
 * {@code rift-owner}, and the first temp cluster a JVM starts stops and deletes those whose owner
 * is gone. Directories of live JVMs are never touched.
 */
final class OrphanedClusters {

    private static final Logger log = LoggerFactory.getLogger(OrphanedClusters.class);

    private static final String TEMP_PREFIX = "rift-pg-";
    private static final String OWNER_FILE = "rift-owner";

    /** The JVM's temp directory, where temp clusters are made; the one instance, so it is reaped once per JVM. */
    static final OrphanedClusters IN_TEMP_DIR = new OrphanedClusters(Path.of(System.getProperty("java.io.tmpdir")));

    private final Path tmp;
    private final AtomicBoolean reaped = new AtomicBoolean();

    OrphanedClusters(Path tmp) {
        this.tmp = tmp;
    }

    /** A new {@code rift-pg-*} directory in the temp directory, stamped as this JVM's. */
    Path newTempBase() throws IOException {
        Path base = Files.createTempDirectory(tmp, TEMP_PREFIX);
        Files.writeString(base.resolve(OWNER_FILE), ownerStamp(ProcessHandle.current()) + "\n");
        return base;
    }

    /** {@link #reap()} the first time only: called before each new temp cluster, it scans once per JVM. */
    void reapOnce() {
        if (reaped.compareAndSet(false, true)) {
            reap();
        }
    }

    /** Stops and deletes the temp clusters in the temp directory whose owning JVM is gone. */
    void reap() {
        try (var dirs = Files.newDirectoryStream(tmp, TEMP_PREFIX + "*")) {
            for (Path base : dirs) {
                reapIfOrphaned(base);
            }
        } catch (IOException | RuntimeException e) {
            log.debug("could not scan {} for orphaned clusters: {}", tmp, e.toString());
        }
    }

    private static void reapIfOrphaned(Path base) {
        Path owner = base.resolve(OWNER_FILE);
        String stamp;
        try {
            stamp = Files.readString(owner).trim();
        } catch (IOException e) {
            return; // not ours, or still being created
        }
        String[] parts = stamp.split(" ");
        if (parts.length != 2) {
            return;
        }
        long ownerPid;
        try {
            ownerPid = Long.parseLong(parts[0]);
        } catch (NumberFormatException e) {
            return;
        }
        Optional<ProcessHandle> ownerProcess = ProcessHandle.of(ownerPid);
        if (ownerProcess.isPresent() && PostmasterProcess.isAlive(ownerPid)
                && ownerStamp(ownerProcess.get()).equals(stamp)) {
            return; // its JVM is alive
        }
        Path dataDir = base.resolve("data");
        log.info("removing cluster {} left behind by JVM {} that is gone", base, ownerPid);
        PostmasterProcess.stopStray(dataDir);
        ClusterFiles.deleteTree(base);
    }

    /** "PID START-MILLIS" identifying a process even across PID reuse. */
    private static String ownerStamp(ProcessHandle p) {
        return p.pid() + " " + p.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    }
}
