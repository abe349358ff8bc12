package dev.rift.storage.snapshot;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Picks a {@link SnapshotDriver} by name, as configured ({@code --snapshot-driver}, {@code --pool}). */
public final class SnapshotDrivers {

    /** The driver names {@link #of} accepts. */
    public static final List<String> NAMES = List.of("btrfs", "zfs", "reflink", "copy");

    private SnapshotDrivers() {
    }

    /**
     * The driver {@code driver} on {@code pool}: for zfs a dataset name (e.g. {@code tank/rift}), for
     * the others a directory. Checks now that its tools are installed and the pool is usable.
     *
     * @throws IllegalArgumentException for an unknown driver or a missing pool
     * @throws SnapshotException        when a tool is missing or the pool does not fit the driver
     */
    public static SnapshotDriver of(String driver, String pool) {
        if (driver == null || driver.isBlank()) {
            throw new IllegalArgumentException("snapshot driver required: one of " + String.join(", ", NAMES));
        }
        if (pool == null || pool.isBlank()) {
            throw new IllegalArgumentException("a pool is required for the " + driver + " snapshot driver "
                    + "(a directory, or for zfs a dataset such as tank/rift)");
        }
        return switch (driver.toLowerCase(Locale.ROOT)) {
            case "btrfs" -> new BtrfsDriver(Path.of(pool));
            case "zfs" -> new ZfsDriver(pool);
            case "reflink" -> new ReflinkDriver(Path.of(pool));
            case "copy" -> new CopyDriver(Path.of(pool));
            default -> throw new IllegalArgumentException("unknown snapshot driver \"" + driver + "\": use one of "
                    + String.join(", ", NAMES));
        };
    }
}
