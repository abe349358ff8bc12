package dev.rift.storage.snapshot;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A writable directory-like unit on a snapshot pool: a btrfs subvolume, a zfs dataset, or a plain
 * directory. PostgreSQL's data directory goes inside {@link #mountpoint()}.
 *
 * @param name       the volume's name, valid per {@link VolumeNames}
 * @param mountpoint the absolute directory where the volume's files are visible
 * @param id         what the driver calls it: the subvolume or directory path (btrfs, reflink,
 *                   copy) or the dataset name (zfs)
 */
public record Volume(String name, Path mountpoint, String id) {

    public Volume {
        VolumeNames.requireValid(name);
        Objects.requireNonNull(mountpoint, "mountpoint");
        if (!mountpoint.isAbsolute()) {
            throw new IllegalArgumentException("volume mountpoint must be absolute: " + mountpoint);
        }
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("volume id must not be blank");
        }
    }
}
