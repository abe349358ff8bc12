package dev.rift.storage.snapshot;

import dev.rift.storage.cluster.ExternalCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Volumes are child datasets of the pool dataset ({@code POOL/NAME}, mounted where the pool's
 * mountpoint puts them). A clone is {@code zfs snapshot SRC@rift-NAME} + {@code zfs clone}: atomic
 * and O(1).
 *
 * <p>A clone depends on its origin snapshot, which depends on its dataset. So destroying a volume
 * first promotes one of its clones (if any): {@code zfs promote} moves the volume's snapshots, and
 * with them the other clones' origins, to that clone, leaving the volume itself a clone with nothing
 * depending on it. The volume is then destroyed with its own snapshots, and its origin snapshot too
 * if rift made it ({@code @rift-*}); that one is destroyed with {@code -d} (deferred), so a snapshot
 * something else still clones is released later instead of failing. Works with OpenZFS and with
 * zfs-fuse 0.7 (no {@code clones} property and no {@code list -p} there, hence the scans).
 */
public final class ZfsDriver implements SnapshotDriver {

    private static final Logger log = LoggerFactory.getLogger(ZfsDriver.class);

    /** zfs dataset names: components of letters, digits, {@code _-.:}, separated by {@code /}. */
    private static final Pattern DATASET = Pattern.compile("[A-Za-z][A-Za-z0-9_.:-]*(/[A-Za-z0-9_.:-]+)*");

    private static final String SNAPSHOT_PREFIX = "rift-";

    /** How long an unmounted dataset may still be reported busy (zfs-fuse tears mounts down asynchronously). */
    private static final Duration UNMOUNT_SETTLE = Duration.ofSeconds(10);

    private final String pool;
    private final Path zfs;

    /** @param pool an existing dataset with a mountpoint, e.g. {@code tank/rift} */
    public ZfsDriver(String pool) {
        if (pool == null || !DATASET.matcher(pool).matches() || pool.contains("..")) {
            throw new IllegalArgumentException("invalid zfs pool dataset name \"" + pool + "\" (e.g. tank/rift)");
        }
        this.zfs = Tools.require("zfs", "ZFS tools are not installed (apt-get install zfsutils-linux, or zfs-fuse)");
        this.pool = pool;
        ExternalCommand.Result r = Exec.runAllowingFailure("checking zfs dataset " + pool, Exec.QUICK,
                List.of(zfs.toString(), "get", "-H", "-o", "value", "mountpoint", pool));
        if (!r.succeeded()) {
            throw new SnapshotException("zfs pool dataset " + pool + " is not usable (create it: zfs create "
                    + pool + "): " + (r.stderr() + r.stdout()).trim());
        }
        String mountpoint = r.stdout().trim();
        if (!mountpoint.startsWith("/")) {
            throw new SnapshotException("zfs pool dataset " + pool + " has mountpoint '" + mountpoint
                    + "'; its volumes inherit it, so give it a directory: zfs set mountpoint=/some/dir " + pool);
        }
    }

    @Override
    public String name() {
        return "zfs";
    }

    @Override
    public String pool() {
        return pool;
    }

    @Override
    public Path poolDirectory() {
        return Path.of(property(pool, "mountpoint"));
    }

    @Override
    public boolean pointInTimeClones() {
        return true;
    }

    @Override
    public synchronized Volume createVolume(String name) {
        String dataset = datasetOf(name);
        requireAbsent(name, dataset);
        zfs("creating zfs dataset " + dataset, "create", dataset);
        log.info("created zfs volume {} ({})", name, dataset);
        return existing(name).orElseThrow(() -> new SnapshotException("zfs create " + dataset + " succeeded "
                + "but the dataset is not mounted"));
    }

    @Override
    public synchronized Volume clone(Volume source, String name) {
        String from = requireOwnExisting(source);
        String dataset = datasetOf(name);
        requireAbsent(name, dataset);
        String snapshot = freeSnapshotName(from, name);
        zfs("snapshotting " + from, "snapshot", snapshot);
        try {
            zfs("cloning " + snapshot + " to " + dataset, "clone", snapshot, dataset);
        } catch (SnapshotException e) {
            try {
                zfs("destroying snapshot " + snapshot + " after a failed clone", "destroy", snapshot);
            } catch (SnapshotException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        log.info("cloned zfs volume {} to {} ({})", source.name(), name, dataset);
        return existing(name).orElseThrow(() -> new SnapshotException("zfs clone " + dataset + " succeeded "
                + "but the dataset is not mounted"));
    }

    @Override
    public synchronized void destroy(Volume volume) {
        String dataset = requireOwnExisting(volume);
        VolumeUsers.requireUnused(volume);
        promoteDependentClones(dataset);
        String origin = property(dataset, "origin");
        if ("yes".equals(property(dataset, "mounted"))) {
            zfs("unmounting zfs dataset " + dataset, "unmount", dataset);
        }
        try {
            destroyUnmounted(dataset);
        } catch (SnapshotException e) {
            remountAfterFailure(dataset, e);
            throw e;
        }
        if (isOwnSnapshot(origin)) {
            zfs("destroying origin snapshot " + origin, "destroy", "-d", origin);
        }
        log.info("destroyed zfs volume {} ({})", volume.name(), dataset);
    }

    @Override
    public List<Volume> list() {
        List<Volume> result = new ArrayList<>();
        for (String line : zfs("listing zfs pool " + pool, "list", "-H", "-o", "name,mountpoint", "-t",
                "filesystem", "-r", pool).lines().toList()) {
            String[] f = line.split("\t");
            if (f.length < 2 || !f[0].startsWith(pool + "/")) {
                continue;
            }
            String child = f[0].substring(pool.length() + 1);
            if (VolumeNames.isValid(child) && f[1].startsWith("/")) {
                result.add(new Volume(child, Path.of(f[1]), f[0]));
            }
        }
        result.sort(Comparator.comparing(Volume::name));
        return result;
    }

    @Override
    public Optional<Volume> find(String name) {
        return existing(name);
    }

    @Override
    public long usedBytes(Volume volume) {
        String dataset = requireOwnExisting(volume);
        String used = zfs("reading used of " + dataset, "get", "-H", "-p", "-o", "value", "used", dataset).trim();
        try {
            return Long.parseLong(used);
        } catch (NumberFormatException e) {
            throw new SnapshotException("unexpected 'used' value of " + dataset + ": " + used, e);
        }
    }

    @Override
    public String toString() {
        return "ZfsDriver[" + pool + "]";
    }

    // ---------------------------------------------------------------- dependency handling

    /**
     * Promotes clones of the dataset's snapshots until none is left. Promoting the clone of the
     * newest such snapshot moves that snapshot and every older one to the clone, so one round
     * usually suffices; snapshots created in the same second may need another.
     */
    private void promoteDependentClones(String dataset) {
        for (int round = 0; ; round++) {
            List<String> snapshots = snapshotsOf(dataset);
            Map<String, List<String>> clones = clonesByOrigin();
            String heir = null;
            for (String s : snapshots) {
                List<String> c = clones.get(s);
                if (c != null && !c.isEmpty()) {
                    heir = c.get(0); // keep the newest snapshot's clone
                }
            }
            if (heir == null) {
                return;
            }
            if (round > snapshots.size()) {
                throw new SnapshotException("cannot free " + dataset + " of its dependent clones: still "
                        + clones + " after " + round + " promotions");
            }
            log.info("promoting {} so that {} can be destroyed", heir, dataset);
            zfs("promoting " + heir, "promote", heir);
        }
    }

    /**
     * {@code zfs destroy -r}: the dataset with its own snapshots, none of which has a clone any more.
     * zfs-fuse finishes an unmount asynchronously and calls the dataset busy until then (tens of
     * milliseconds), so "dataset is busy" is retried for a while; anything else fails at once.
     */
    private void destroyUnmounted(String dataset) {
        List<String> argv = List.of(zfs.toString(), "destroy", "-r", dataset);
        long deadline = System.nanoTime() + UNMOUNT_SETTLE.toNanos();
        while (true) {
            ExternalCommand.Result r = Exec.runAllowingFailure("destroying zfs dataset " + dataset, Exec.QUICK, argv);
            if (r.succeeded()) {
                return;
            }
            if (!r.stderr().contains("dataset is busy") || System.nanoTime() > deadline) {
                throw new SnapshotException("destroying zfs dataset " + dataset + " failed (exit " + r.exitCode()
                        + "): " + (r.stderr() + r.stdout()).trim());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SnapshotException("interrupted while destroying zfs dataset " + dataset, e);
            }
        }
    }

    private void remountAfterFailure(String dataset, SnapshotException failure) {
        try {
            if (datasetExists(dataset) && !"yes".equals(property(dataset, "mounted"))) {
                zfs("remounting zfs dataset " + dataset, "mount", dataset);
            }
        } catch (SnapshotException e) {
            failure.addSuppressed(e);
        }
    }

    /** The dataset's snapshots, oldest first. */
    private List<String> snapshotsOf(String dataset) {
        return zfs("listing snapshots of " + dataset, "list", "-H", "-o", "name", "-t", "snapshot", "-s",
                "creation", "-r", dataset).lines().filter(l -> l.startsWith(dataset + "@")).toList();
    }

    /** Origin snapshot to the filesystems cloned from it, over the whole zfs pool the dataset is in. */
    private Map<String, List<String>> clonesByOrigin() {
        String zpool = pool.contains("/") ? pool.substring(0, pool.indexOf('/')) : pool;
        Map<String, List<String>> result = new LinkedHashMap<>();
        for (String line : zfs("listing clones in " + zpool, "list", "-H", "-o", "name,origin", "-t", "filesystem",
                "-r", zpool).lines().toList()) {
            String[] f = line.split("\t");
            if (f.length == 2 && !f[1].equals("-")) {
                result.computeIfAbsent(f[1], k -> new ArrayList<>()).add(f[0]);
            }
        }
        return result;
    }

    /**
     * {@code FROM@rift-NAME}, or if that snapshot is still the origin of a clone, {@code FROM@rift-NAME-2}
     * and so on. A snapshot of that name can be left by a clone that crashed between its two steps
     * (nothing clones it: destroyed and reused), or by an earlier volume of the same name whose
     * clone was promoted when it was destroyed (that clone now depends on it: kept).
     */
    private String freeSnapshotName(String from, String name) {
        Map<String, List<String>> clones = null;
        for (int n = 1; ; n++) {
            String suffix = n == 1 ? name : name + "-" + n;
            String snapshot = from + "@" + SNAPSHOT_PREFIX + suffix;
            if (!datasetExists(snapshot)) {
                return snapshot;
            }
            if (clones == null) {
                clones = clonesByOrigin();
            }
            if (!clones.containsKey(snapshot)) {
                log.info("destroying stale snapshot {}", snapshot);
                zfs("destroying stale snapshot " + snapshot, "destroy", snapshot);
                return snapshot;
            }
        }
    }

    /** A snapshot rift made for a clone: {@code POOL/VOLUME@rift-NAME}. */
    private boolean isOwnSnapshot(String snapshot) {
        int at = snapshot.indexOf('@');
        if (at < 0 || !snapshot.startsWith(pool + "/")) {
            return false;
        }
        String volume = snapshot.substring(pool.length() + 1, at);
        String snap = snapshot.substring(at + 1);
        return VolumeNames.isValid(volume) && snap.startsWith(SNAPSHOT_PREFIX)
                && VolumeNames.isValid(snap.substring(SNAPSHOT_PREFIX.length()));
    }

    // ---------------------------------------------------------------- helpers

    private String datasetOf(String name) {
        return pool + "/" + VolumeNames.requireValid(name);
    }

    private Optional<Volume> existing(String name) {
        String dataset = datasetOf(name);
        ExternalCommand.Result r = Exec.runAllowingFailure("reading zfs dataset " + dataset, Exec.QUICK,
                List.of(zfs.toString(), "get", "-H", "-o", "value", "mountpoint", dataset));
        if (!r.succeeded()) {
            if (r.stderr().contains("does not exist")) {
                return Optional.empty();
            }
            // e.g. the daemon is unreachable: not the same as "no such volume"
            throw new SnapshotException("reading zfs dataset " + dataset + " failed (exit " + r.exitCode() + "): "
                    + (r.stderr() + r.stdout()).trim());
        }
        String mountpoint = r.stdout().trim();
        if (!mountpoint.startsWith("/")) {
            throw new SnapshotException("zfs dataset " + dataset + " has mountpoint '" + mountpoint
                    + "', not a directory; did someone change it?");
        }
        return Optional.of(new Volume(name, Path.of(mountpoint), dataset));
    }

    private void requireAbsent(String name, String dataset) {
        if (datasetExists(dataset)) {
            throw new VolumeExistsException(name(), pool, name);
        }
    }

    private String requireOwnExisting(Volume v) {
        String expected = datasetOf(v.name());
        if (!v.id().equals(expected)) {
            throw new IllegalArgumentException("volume " + v + " does not belong to zfs pool " + pool);
        }
        Volume actual = existing(v.name()).orElseThrow(() -> new VolumeNotFoundException(name(), pool, v.name()));
        if (!actual.mountpoint().equals(v.mountpoint())) {
            throw new IllegalArgumentException("volume " + v + " is mounted at " + actual.mountpoint()
                    + ", not " + v.mountpoint());
        }
        return expected;
    }

    private boolean datasetExists(String name) {
        ExternalCommand.Result r = Exec.runAllowingFailure("looking up " + name, Exec.QUICK,
                List.of(zfs.toString(), "list", "-H", "-o", "name", "-t", "all", name));
        if (r.succeeded()) {
            return true;
        }
        if (r.stderr().contains("does not exist")) {
            return false;
        }
        throw new SnapshotException("looking up zfs dataset " + name + " failed (exit " + r.exitCode() + "): "
                + (r.stderr() + r.stdout()).trim());
    }

    private String property(String dataset, String property) {
        return zfs("reading " + property + " of " + dataset, "get", "-H", "-o", "value", property, dataset).trim();
    }

    private String zfs(String what, String... args) {
        List<String> argv = new ArrayList<>();
        argv.add(zfs.toString());
        argv.addAll(List.of(args));
        return Exec.run(what, Exec.QUICK, argv);
    }
}
