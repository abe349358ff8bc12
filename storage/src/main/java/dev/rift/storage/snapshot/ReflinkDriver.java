package dev.rift.storage.snapshot;

import dev.rift.storage.cluster.ExternalCommand;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/**
 * Volumes are directories; a clone is {@code cp -a --reflink=always}: every file's extents are
 * shared with the source until written, so a clone costs metadata only (O(files), not O(bytes)).
 * The pool must be on a filesystem that can reflink: XFS made with {@code -m reflink=1} (the
 * default of recent mkfs.xfs), btrfs, or bcachefs. The constructor proves it with a probe file, so
 * a misconfigured pool fails at startup rather than at the first branch.
 */
public final class ReflinkDriver extends DirectoryCloneDriver {

    /** @param pool an existing directory on a filesystem that supports reflinks */
    public ReflinkDriver(Path pool) {
        super(pool);
        probe();
    }

    @Override
    public String name() {
        return "reflink";
    }

    @Override
    protected List<String> copyOptions() {
        return List.of("--reflink=always");
    }

    @Override
    protected SnapshotException copyFailed(Path from, Path to, SnapshotException e) {
        return new SnapshotException("reflink copy of " + from + " to " + to + " failed (the filesystem at "
                + pool + " must support reflinks): " + e.getMessage(), e);
    }

    private void probe() {
        String id = UUID.randomUUID().toString();
        Path original = pool.resolve(".reflink-probe-" + id);
        Path copy = pool.resolve(".reflink-probe-" + id + ".copy");
        try {
            Files.writeString(original, "rift reflink probe\n");
            ExternalCommand.Result r = Exec.runAllowingFailure("probing reflink support in " + pool, Exec.QUICK,
                    List.of(cp().toString(), "--reflink=always", "--", original.toString(), copy.toString()));
            if (!r.succeeded()) {
                throw new SnapshotException("the filesystem at " + pool + " (" + DirectoryPools.filesystemType(pool)
                        + ") cannot reflink, so the reflink driver cannot use it: " + r.stderr().trim()
                        + ". Use XFS made with mkfs.xfs -m reflink=1, or btrfs; or choose the copy driver.");
            }
        } catch (IOException e) {
            throw new SnapshotException("cannot write a probe file in reflink pool " + pool + ": " + e, e);
        } finally {
            try {
                Files.deleteIfExists(copy);
                Files.deleteIfExists(original);
            } catch (IOException e) {
                // a probe file left behind is harmless: it is hidden and not a valid volume name
            }
        }
    }
}
