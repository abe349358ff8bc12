package dev.rift.storage.snapshot;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Volumes are plain directories inside the pool directory ({@code POOL/NAME}); a clone is made by
 * {@code cp -a} into a hidden staging directory that is renamed into place only when complete, and
 * a destroyed volume is renamed away before it is deleted. So {@link #list()} never shows a half
 * copied or half deleted volume, even after a crash (hidden leftovers are removed by the next clone
 * or destroy of the same name).
 */
abstract class DirectoryCloneDriver implements SnapshotDriver {

    private static final Logger log = LoggerFactory.getLogger(DirectoryCloneDriver.class);

    private static final String STAGING_PREFIX = ".partial-";
    private static final String DELETING_PREFIX = ".deleting-";

    protected final Path pool;
    private final Path cp;
    private final Path du;
    private final Path rm;

    protected DirectoryCloneDriver(Path pool) {
        String coreutils = "coreutils is not installed (apt-get install coreutils)";
        this.cp = Tools.require("cp", coreutils);
        this.du = Tools.require("du", coreutils);
        this.rm = Tools.require("rm", coreutils);
        this.pool = DirectoryPools.requireDirectory(pool, name());
    }

    /** Options given to {@code cp -a} besides the paths. */
    protected abstract List<String> copyOptions();

    /** The error for a failed copy: lets a driver explain what its filesystem lacks. */
    protected SnapshotException copyFailed(Path from, Path to, SnapshotException e) {
        return e;
    }

    protected final Path cp() {
        return cp;
    }

    @Override
    public String pool() {
        return pool.toString();
    }

    @Override
    public Path poolDirectory() {
        return pool;
    }

    @Override
    public boolean pointInTimeClones() {
        return false;
    }

    @Override
    public synchronized Volume createVolume(String name) {
        Path target = pathOf(name);
        try {
            Files.createDirectory(target);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw new VolumeExistsException(name(), pool(), name);
        } catch (IOException e) {
            throw new SnapshotException("cannot create volume directory " + target + ": " + e, e);
        }
        log.info("created {} volume {} at {}", name(), name, target);
        return volumeAt(name, target);
    }

    @Override
    public synchronized Volume clone(Volume source, String name) {
        Path from = requireOwnExisting(source);
        Path target = pathOf(name);
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new VolumeExistsException(name(), pool(), name);
        }
        Path staging = pool.resolve(STAGING_PREFIX + name);
        removeTree(staging); // from a clone that crashed midway
        List<String> argv = new ArrayList<>();
        argv.add(cp.toString());
        argv.add("-a");
        argv.addAll(copyOptions());
        argv.add("--");
        argv.add(from.toString());
        argv.add(staging.toString());
        try {
            Exec.run("copying " + from + " to " + staging, Exec.BULK, argv);
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (SnapshotException e) {
            removeTreeAfterFailure(staging, e);
            throw copyFailed(from, target, e);
        } catch (IOException e) {
            SnapshotException failure = new SnapshotException("cannot move " + staging + " to " + target + ": " + e, e);
            removeTreeAfterFailure(staging, failure);
            throw failure;
        }
        log.info("cloned {} volume {} to {}", name(), source.name(), name);
        return volumeAt(name, target);
    }

    @Override
    public synchronized void destroy(Volume volume) {
        Path path = requireOwnExisting(volume);
        VolumeUsers.requireUnused(volume);
        Path doomed = pool.resolve(DELETING_PREFIX + volume.name() + "-" + UUID.randomUUID());
        try {
            Files.move(path, doomed, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new SnapshotException("cannot rename " + path + " for deletion: " + e, e);
        }
        removeTree(doomed);
        removeLeftovers(volume.name());
        log.info("destroyed {} volume {}", name(), volume.name());
    }

    @Override
    public List<Volume> list() {
        List<Volume> result = new ArrayList<>();
        try (Stream<Path> entries = Files.list(pool)) {
            entries.sorted().forEach(p -> {
                String n = p.getFileName().toString();
                if (VolumeNames.isValid(n) && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    result.add(volumeAt(n, p));
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + name() + " pool " + pool, e);
        }
        return result;
    }

    @Override
    public Optional<Volume> find(String name) {
        Path p = pathOf(name);
        return Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? Optional.of(volumeAt(name, p)) : Optional.empty();
    }

    @Override
    public long usedBytes(Volume volume) {
        Path path = requireOwnExisting(volume);
        String out = Exec.run("measuring " + path, Exec.BULK,
                List.of(du.toString(), "-s", "-B1", "-x", "--", path.toString()));
        String first = out.strip().split("\\s+")[0];
        try {
            return Long.parseLong(first);
        } catch (NumberFormatException e) {
            throw new SnapshotException("unexpected output of du for " + path + ": " + out, e);
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + pool + "]";
    }

    private Path pathOf(String name) {
        return pool.resolve(VolumeNames.requireValid(name));
    }

    private static Volume volumeAt(String name, Path path) {
        return new Volume(name, path, path.toString());
    }

    private Path requireOwnExisting(Volume v) {
        Path expected = pathOf(v.name());
        if (!v.mountpoint().equals(expected) || !v.id().equals(expected.toString())) {
            throw new IllegalArgumentException("volume " + v + " does not belong to " + name() + " pool " + pool);
        }
        if (!Files.isDirectory(expected, LinkOption.NOFOLLOW_LINKS)) {
            throw new VolumeNotFoundException(name(), pool(), v.name());
        }
        return expected;
    }

    /** Removes hidden staging or deleting directories a crash left for this volume name. */
    private void removeLeftovers(String name) {
        try (Stream<Path> entries = Files.list(pool)) {
            for (Path p : entries.toList()) {
                String n = p.getFileName().toString();
                if (n.equals(STAGING_PREFIX + name) || n.startsWith(DELETING_PREFIX + name + "-")) {
                    removeTree(p);
                }
            }
        } catch (IOException e) {
            log.warn("cannot scan {} for leftovers of {}: {}", pool, name, e.toString());
        }
    }

    /** {@code rm -rf --one-file-system}: never descends into something mounted inside. */
    private void removeTree(Path p) {
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Exec.run("deleting " + p, Exec.BULK,
                List.of(rm.toString(), "-rf", "--one-file-system", "--", p.toString()));
    }

    private void removeTreeAfterFailure(Path p, Exception failure) {
        try {
            removeTree(p);
        } catch (RuntimeException cleanup) {
            failure.addSuppressed(cleanup);
        }
    }
}
