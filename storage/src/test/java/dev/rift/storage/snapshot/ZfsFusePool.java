package dev.rift.storage.snapshot;

import dev.rift.storage.cluster.ExternalCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real zfs pool for a test, on zfs-fuse: starts the zfs-fuse daemon unless one already answers
 * (and then stops only the one it started), and creates {@code riftpool-<random>} on a sparse file
 * vdev, mounted under the test's directory. {@link #close()} destroys the pool, stops the daemon it
 * started, and fails if a dataset, mount or the daemon is left behind.
 *
 * <p>Skips only when the kernel refuses: no FUSE device, or the daemon cannot mount.
 */
final class ZfsFusePool implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ZfsFusePool.class);
    private static final Duration DAEMON_START = Duration.ofSeconds(30);
    private static final Duration DAEMON_STOP = Duration.ofSeconds(30);

    private final Process daemon; // null if the daemon was already running
    private final Path daemonLog;
    private final String name;
    private final Path vdev;
    private final Path mountDir;
    private boolean closed;

    private ZfsFusePool(Process daemon, Path daemonLog, String name, Path vdev, Path mountDir) {
        this.daemon = daemon;
        this.daemonLog = daemonLog;
        this.name = name;
        this.vdev = vdev;
        this.mountDir = mountDir;
    }

    static ZfsFusePool create(Path workDir, long vdevBytes) throws IOException, InterruptedException {
        Process daemon = daemonAnswers() ? null : startDaemon(workDir);
        String name = "riftpool-" + UUID.randomUUID().toString().substring(0, 8);
        Path vdev = workDir.resolve(name + ".vdev");
        Path mountDir = workDir.resolve("zfs-mnt");
        try {
            try (RandomAccessFile f = new RandomAccessFile(vdev.toFile(), "rw")) {
                f.setLength(vdevBytes);
            }
            ExternalCommand.Result r = zfsCommand("zpool", "create", "-m", mountDir.toString(), name, vdev.toString());
            if (!r.succeeded()) {
                String why = (r.stderr() + r.stdout()).trim();
                KernelRefusal.skipUnless(!(why.contains("mount") || why.contains("fuse")),
                        "the kernel refused the zfs-fuse mount: " + why);
                throw new AssertionError("zpool create " + name + " failed: " + why);
            }
            Files.setPosixFilePermissions(mountDir, PosixFilePermissions.fromString("rwxr-xr-x"));
            log.info("created zfs pool {} on {} mounted at {}", name, vdev, mountDir);
            return new ZfsFusePool(daemon, daemonLog(workDir), name, vdev, mountDir);
        } catch (Throwable t) {
            stopDaemon(daemon);
            Files.deleteIfExists(vdev);
            throw t;
        }
    }

    /** The zpool's name, which is also its root dataset. */
    String name() {
        return name;
    }

    Path mountDir() {
        return mountDir;
    }

    /** Every dataset and snapshot in the pool, e.g. {@code [riftpool-1a2b, riftpool-1a2b/rift]}. */
    List<String> datasets() {
        ExternalCommand.Result r = zfsCommand("zfs", "list", "-H", "-o", "name", "-t", "all", "-r", name);
        if (!r.succeeded()) {
            throw new AssertionError("zfs list " + name + " failed: " + r.stderr());
        }
        return r.stdout().lines().filter(l -> !l.isBlank()).toList();
    }

    /** Runs a zfs/zpool command; fails the test if it fails. */
    static String zfs(String... argv) {
        ExternalCommand.Result r = zfsCommand(argv);
        if (!r.succeeded()) {
            throw new AssertionError(String.join(" ", argv) + " failed: " + r.stderr());
        }
        return r.stdout();
    }

    /** {@code zfs destroy -r DATASET}, waiting out zfs-fuse's asynchronous unmounts. */
    static void destroyDataset(String dataset) {
        ExternalCommand.Result r = retryWhileBusy("zfs", "destroy", "-r", dataset);
        if (!r.succeeded()) {
            throw new AssertionError("zfs destroy -r " + dataset + " failed: " + r.stderr());
        }
    }

    /**
     * Runs a destroy command until it stops failing with "busy", for at most 10 s: zfs-fuse unmounts
     * asynchronously and calls a dataset or pool busy until the unmount has settled.
     */
    private static ExternalCommand.Result retryWhileBusy(String... argv) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            ExternalCommand.Result r = zfsCommand(argv);
            if (r.succeeded() || !r.stderr().contains("is busy") || System.nanoTime() > deadline) {
                return r;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return r;
            }
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        List<String> problems = new ArrayList<>();
        if (daemon != null && !daemon.isAlive()) {
            problems.add("zfs-fuse died during the tests (exit " + daemon.exitValue() + "): "
                    + ExternalCommand.tail(Files.readString(daemonLog), 20));
        }
        ExternalCommand.Result destroy = retryWhileBusy("zpool", "destroy", "-f", name);
        if (!destroy.succeeded()) {
            problems.add("zpool destroy " + name + " failed: " + destroy.stderr().trim());
        }
        if (zfsCommand("zfs", "list", "-H", "-o", "name", "-r", name).succeeded()) {
            problems.add("datasets of " + name + " still exist");
        }
        if (!stopDaemon(daemon)) {
            problems.add("zfs-fuse (pid " + daemon.pid() + ") did not stop");
        }
        List<Path> mounts = Mounts.mountpointsAtOrBelow(mountDir);
        if (!mounts.isEmpty()) {
            problems.add("still mounted: " + mounts);
            // A dead daemon leaves its FUSE mounts behind ("Transport endpoint is not connected").
            List<Path> innermostFirst = new ArrayList<>(mounts);
            java.util.Collections.reverse(innermostFirst);
            for (Path m : innermostFirst) {
                LoopbackFilesystem.run("umount", "-l", m.toString());
            }
        }
        Files.deleteIfExists(vdev);
        if (!problems.isEmpty()) {
            throw new AssertionError("left behind by zfs pool " + name + ": " + String.join("; ", problems));
        }
        log.info("destroyed zfs pool {}", name);
    }

    private static Path daemonLog(Path workDir) {
        return workDir.resolve("zfs-fuse.log");
    }

    private static boolean daemonAnswers() {
        return zfsCommand("zpool", "list").succeeded();
    }

    private static Process startDaemon(Path workDir) throws IOException, InterruptedException {
        if (!Files.exists(Path.of("/dev/fuse"))) {
            LoopbackFilesystem.run("modprobe", "fuse");
        }
        KernelRefusal.skipUnless(Files.exists(Path.of("/dev/fuse")), "the kernel offers no FUSE (/dev/fuse missing)");
        Path zfsFuse = Tools.require("zfs-fuse", "zfs-fuse is not installed (apt-get install zfs-fuse)");
        Path logFile = daemonLog(workDir);
        Process p = new ProcessBuilder(zfsFuse.toString(), "--no-daemon", "--no-kstat-mount")
                .directory(Path.of("/").toFile())
                .redirectErrorStream(true)
                .redirectOutput(logFile.toFile())
                .start();
        log.info("started zfs-fuse (pid {})", p.pid());
        long deadline = System.nanoTime() + DAEMON_START.toNanos();
        while (!daemonAnswers()) {
            if (!p.isAlive()) {
                String out = Files.readString(logFile);
                KernelRefusal.skipUnless(!out.toLowerCase(java.util.Locale.ROOT).contains("fuse"),
                        "zfs-fuse exited (" + p.exitValue() + "); the kernel refused FUSE: " + out.trim());
                throw new AssertionError("zfs-fuse exited with " + p.exitValue() + ": " + out.trim());
            }
            if (System.nanoTime() > deadline) {
                stopDaemon(p);
                throw new AssertionError("zfs-fuse did not answer within " + DAEMON_START.toSeconds() + " s: "
                        + Files.readString(logFile).trim());
            }
            p.waitFor(100, TimeUnit.MILLISECONDS); // poll: returns early if the daemon dies
        }
        return p;
    }

    /** SIGTERM (zfs-fuse then unmounts and exits), SIGKILL if it lingers. True if it is gone. */
    private static boolean stopDaemon(Process p) {
        if (p == null) {
            return true;
        }
        p.destroy();
        try {
            if (!p.waitFor(DAEMON_STOP.toSeconds(), TimeUnit.SECONDS)) {
                log.warn("zfs-fuse (pid {}) ignored SIGTERM for {} s; killing it", p.pid(), DAEMON_STOP.toSeconds());
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.info("stopped zfs-fuse (pid {})", p.pid());
        return !p.isAlive();
    }

    private static ExternalCommand.Result zfsCommand(String... argv) {
        List<String> a = new ArrayList<>(List.of(argv));
        a.set(0, Tools.require(argv[0], "zfs-fuse is not installed (apt-get install zfs-fuse)").toString());
        return ExternalCommand.of(a).timeout(Duration.ofMinutes(2)).directory(Path.of("/")).runAllowingFailure();
    }
}
