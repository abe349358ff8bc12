package dev.rift.storage.snapshot;

import java.nio.file.Path;
import java.util.List;

/**
 * Volumes are directories; a clone is a full recursive copy ({@code cp -a}), so it works on any
 * filesystem and costs time and space in proportion to the data. (coreutils 9 and later share
 * extents where the filesystem can, which only makes it cheaper.) For development and small data.
 */
public final class CopyDriver extends DirectoryCloneDriver {

    /** @param pool an existing directory on any filesystem */
    public CopyDriver(Path pool) {
        super(pool);
    }

    @Override
    public String name() {
        return "copy";
    }

    @Override
    protected List<String> copyOptions() {
        return List.of();
    }
}
