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

/**
 * A real filesystem for a test: a sparse image file, attached to a loop device, formatted and
 * mounted in a directory of the test's. {@link #close()} unmounts, detaches and deletes, then fails
 * if a mount or loop device is left behind.
 *
 * <p>Skips the calling test (or class, from {@code @BeforeAll}) only when the kernel refuses: no
 * such filesystem type even after {@code modprobe}, no loop device, or a refused mount. A missing
 * mkfs tool is a failure: the CI script installs it.
 */
public final class LoopbackFilesystem implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LoopbackFilesystem.class);
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private final Path image;
    private final String device;
    private final Path mountpoint;
    private boolean closed;

    private LoopbackFilesystem(Path image, String device, Path mountpoint) {
        this.image = image;
        this.device = device;
        this.mountpoint = mountpoint;
    }

    /**
     * Makes and mounts a {@code type} filesystem of {@code sizeBytes} (sparse) under {@code workDir}.
     *
     * @param mkfs the mkfs command without the device, e.g. {@code mkfs.xfs -q -m reflink=1}
     */
    public static LoopbackFilesystem create(Path workDir, String type, long sizeBytes, String... mkfs) throws IOException {
        requireKernelSupport(type);
        Path image = workDir.resolve(type + "-" + Long.toHexString(System.nanoTime()) + ".img");
        try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "rw")) {
            f.setLength(sizeBytes); // sparse: costs nothing until written
        }
        ExternalCommand.Result attach = run("losetup", "-f", "--show", image.toString());
        if (!attach.succeeded()) {
            Files.deleteIfExists(image);
            KernelRefusal.skip("the kernel refused a loop device for " + image + ": " + attach.stderr().trim());
        }
        String device = attach.stdout().trim();
        Path mountpoint = workDir.resolve(type + "-mnt");
        try {
            List<String> argv = new ArrayList<>(List.of(mkfs));
            argv.add(device);
            ExternalCommand.of(argv).timeout(TIMEOUT).run();
            Files.createDirectories(mountpoint);
            ExternalCommand.Result mount = run("mount", "-t", type, device, mountpoint.toString());
            if (!mount.succeeded()) {
                KernelRefusal.skip("the kernel refused to mount " + type + " from " + device + ": "
                        + (mount.stderr() + mount.stdout()).trim());
            }
            // PostgreSQL runs as another OS user when we are root: it must traverse the mount root.
            Files.setPosixFilePermissions(mountpoint, PosixFilePermissions.fromString("rwxr-xr-x"));
            log.info("mounted {} ({} on {}) at {}", type, image.getFileName(), device, mountpoint);
            return new LoopbackFilesystem(image, device, mountpoint);
        } catch (Throwable t) {
            run("losetup", "-d", device);
            Files.deleteIfExists(image);
            throw t;
        }
    }

    public Path mountpoint() {
        return mountpoint;
    }

    /** Unmounts, detaches and deletes the image; throws AssertionError naming anything left behind. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        List<String> problems = new ArrayList<>();
        if (Mounts.isMountpoint(mountpoint)) {
            ExternalCommand.Result r = run("umount", mountpoint.toString());
            if (!r.succeeded()) {
                problems.add("umount " + mountpoint + " failed: " + r.stderr().trim() + " (users: "
                        + VolumeUsers.of(mountpoint) + ")");
                run("umount", "-l", mountpoint.toString()); // so the loop device can still go
            }
        }
        ExternalCommand.Result detach = run("losetup", "-d", device);
        if (!detach.succeeded()) {
            problems.add("losetup -d " + device + " failed: " + detach.stderr().trim());
        }
        if (Mounts.isMountpoint(mountpoint)) {
            problems.add(mountpoint + " is still mounted");
        }
        String stillAttached = run("losetup", "-j", image.toString()).stdout().trim();
        if (!stillAttached.isEmpty()) {
            problems.add("loop device still attached: " + stillAttached);
        }
        Files.deleteIfExists(image);
        Files.deleteIfExists(mountpoint);
        if (!problems.isEmpty()) {
            throw new AssertionError("left behind by the " + device + " filesystem: " + String.join("; ", problems));
        }
        log.info("unmounted and detached {} ({})", mountpoint, device);
    }

    private static void requireKernelSupport(String type) throws IOException {
        if (kernelKnows(type)) {
            return;
        }
        ExternalCommand.Result r = run("modprobe", type);
        KernelRefusal.skipUnless(kernelKnows(type), "the kernel has no " + type + " support (not in "
                + "/proc/filesystems; modprobe " + type + ": " + (r.stderr() + r.stdout()).trim() + ")");
    }

    private static boolean kernelKnows(String type) throws IOException {
        return Files.readAllLines(Path.of("/proc/filesystems")).stream()
                .map(String::strip)
                .anyMatch(l -> l.equals(type) || l.endsWith("\t" + type) || l.endsWith(" " + type));
    }

    static ExternalCommand.Result run(String... argv) {
        try {
            return ExternalCommand.of(argv).timeout(TIMEOUT).directory(Path.of("/")).runAllowingFailure();
        } catch (RuntimeException e) { // e.g. the program is missing
            return new ExternalCommand.Result(List.of(argv), -1, "", e.getMessage(), Duration.ZERO);
        }
    }
}
