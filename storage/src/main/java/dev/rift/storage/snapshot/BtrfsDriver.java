package dev.rift.storage.snapshot;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Volumes are btrfs subvolumes directly inside the pool directory ({@code POOL/NAME}); a clone is a
 * writable {@code btrfs subvolume snapshot}, atomic and O(1). The pool is any directory on a mounted
 * btrfs. Destroying needs root (or the {@code user_subvol_rm_allowed} mount option).
 */
public final class BtrfsDriver implements SnapshotDriver {

    private static final Logger log = LoggerFactory.getLogger(BtrfsDriver.class);

    /** The root directory of every btrfs subvolume has this inode number. */
    private static final long SUBVOLUME_ROOT_INODE = 256;

    private final Path pool;
    private final Path btrfs;

    /** @param pool an existing directory on a btrfs filesystem */
    public BtrfsDriver(Path pool) {
        this.btrfs = Tools.require("btrfs", "btrfs-progs is not installed (apt-get install btrfs-progs)");
        this.pool = DirectoryPools.requireDirectory(pool, "btrfs");
        String type = DirectoryPools.filesystemType(this.pool);
        if (!"btrfs".equals(type)) {
            throw new SnapshotException("btrfs pool " + this.pool + " is on a " + type
                    + " filesystem, not btrfs: mount a btrfs filesystem and put the pool directory on it");
        }
    }

    @Override
    public String name() {
        return "btrfs";
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
        return true;
    }

    @Override
    public synchronized Volume createVolume(String name) {
        Path target = pathOf(name);
        requireAbsent(name, target);
        Exec.run("creating btrfs subvolume " + target, Exec.QUICK,
                List.of(btrfs.toString(), "subvolume", "create", target.toString()));
        log.info("created btrfs volume {} at {}", name, target);
        return volumeAt(name, target);
    }

    @Override
    public synchronized Volume clone(Volume source, String name) {
        Path from = requireOwnExisting(source);
        Path target = pathOf(name);
        requireAbsent(name, target);
        Exec.run("snapshotting btrfs subvolume " + from + " to " + target, Exec.QUICK,
                List.of(btrfs.toString(), "subvolume", "snapshot", from.toString(), target.toString()));
        log.info("cloned btrfs volume {} to {}", source.name(), name);
        return volumeAt(name, target);
    }

    @Override
    public synchronized void destroy(Volume volume) {
        Path path = requireOwnExisting(volume);
        VolumeUsers.requireUnused(volume);
        Exec.run("deleting btrfs subvolume " + path, Exec.QUICK,
                List.of(btrfs.toString(), "subvolume", "delete", path.toString()));
        log.info("destroyed btrfs volume {}", volume.name());
    }

    @Override
    public List<Volume> list() {
        List<Volume> result = new ArrayList<>();
        try (Stream<Path> entries = Files.list(pool)) {
            entries.sorted().forEach(p -> {
                String n = p.getFileName().toString();
                if (VolumeNames.isValid(n) && isSubvolume(p)) {
                    result.add(volumeAt(n, p));
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list btrfs pool " + pool, e);
        }
        return result;
    }

    @Override
    public Optional<Volume> find(String name) {
        Path p = pathOf(name);
        return isSubvolume(p) ? Optional.of(volumeAt(name, p)) : Optional.empty();
    }

    @Override
    public long usedBytes(Volume volume) {
        Path path = requireOwnExisting(volume);
        // Commit first so data still in the page cache is counted.
        Exec.run("syncing btrfs filesystem at " + pool, Exec.QUICK,
                List.of(btrfs.toString(), "filesystem", "sync", pool.toString()));
        String out = Exec.run("measuring btrfs subvolume " + path, Exec.BULK,
                List.of(btrfs.toString(), "filesystem", "du", "-s", "--raw", path.toString()));
        // "     Total   Exclusive  Set shared  Filename" then "  123  45  78  /path"
        List<String> lines = out.lines().filter(l -> !l.isBlank()).toList();
        if (lines.size() < 2) {
            throw new SnapshotException("unexpected output of btrfs filesystem du for " + path + ": " + out);
        }
        String[] fields = lines.get(1).trim().split("\\s+");
        try {
            return Long.parseLong(fields[1]);
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            throw new SnapshotException("unexpected output of btrfs filesystem du for " + path + ": " + out, e);
        }
    }

    @Override
    public String toString() {
        return "BtrfsDriver[" + pool + "]";
    }

    private Path pathOf(String name) {
        return pool.resolve(VolumeNames.requireValid(name));
    }

    private Volume volumeAt(String name, Path path) {
        return new Volume(name, path, path.toString());
    }

    private void requireAbsent(String name, Path target) {
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new VolumeExistsException(name(), pool(), name);
        }
    }

    /** The volume's path, after checking it is this pool's volume of that name and exists. */
    private Path requireOwnExisting(Volume v) {
        Path expected = pathOf(v.name());
        if (!v.mountpoint().equals(expected) || !v.id().equals(expected.toString())) {
            throw new IllegalArgumentException("volume " + v + " does not belong to btrfs pool " + pool);
        }
        if (!isSubvolume(expected)) {
            throw new VolumeNotFoundException(name(), pool(), v.name());
        }
        return expected;
    }

    private static boolean isSubvolume(Path p) {
        try {
            if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                return false;
            }
            Object ino = Files.getAttribute(p, "unix:ino", LinkOption.NOFOLLOW_LINKS);
            return ino instanceof Long l && l == SUBVOLUME_ROOT_INODE;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
