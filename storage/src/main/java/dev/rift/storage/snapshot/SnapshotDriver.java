package dev.rift.storage.snapshot;

import java.util.List;
import java.util.Optional;

/**
 * Makes and removes writable clones of volumes on one pool. This is all snapshot mode needs from a
 * filesystem: main's data directory lives in a volume; a branch is a clone of it (taken right after a
 * {@code CHECKPOINT}) started as its own postmaster; deleting the branch destroys the clone.
 *
 * <p>Every name passed in must satisfy {@link VolumeNames}; a {@link Volume} passed in must be one
 * this pool would produce for its name (drivers refuse others), so no path or dataset outside the
 * pool is ever touched. Mutating calls are serialized per driver instance; two drivers (or two
 * processes) working on one pool at once are not supported.
 *
 * <p>Implementations: {@link BtrfsDriver}, {@link ZfsDriver}, {@link ReflinkDriver},
 * {@link CopyDriver}; pick one with {@link SnapshotDrivers#of(String, String)}.
 */
public interface SnapshotDriver {

    /** The driver's name as configured: {@code btrfs}, {@code zfs}, {@code reflink} or {@code copy}. */
    String name();

    /** The pool as configured: a directory, or a zfs dataset name. */
    String pool();

    /**
     * The directory in which the pool's volumes appear: the pool directory itself, or the zfs pool
     * dataset's mountpoint. Snapshot mode keeps its pool state file there.
     */
    java.nio.file.Path poolDirectory();

    /**
     * Whether {@link #clone} captures the source at one instant (btrfs, zfs). If true, cloning a
     * running cluster's volume right after a {@code CHECKPOINT} gives a crash-consistent copy that
     * starts with ordinary crash recovery. If false (reflink, copy: file by file), the source must
     * not be written while the clone is taken, or the caller must bracket the clone with
     * {@code pg_backup_start}/{@code pg_backup_stop} and write the backup label into the clone.
     */
    boolean pointInTimeClones();

    /**
     * Creates an empty writable volume (e.g. for main's data directory). Its mountpoint is owned by
     * the OS user rift runs as; chown it before handing it to another user.
     *
     * @throws VolumeExistsException if the name is taken
     */
    Volume createVolume(String name);

    /**
     * A writable, independent copy of {@code source} as it is now: later writes to either are not
     * seen by the other. O(1) for btrfs, zfs and reflink (blocks are shared until written); a full
     * copy for the copy driver.
     *
     * @throws VolumeExistsException   if {@code name} is taken
     * @throws VolumeNotFoundException if {@code source} no longer exists
     */
    Volume clone(Volume source, String name);

    /**
     * Removes the volume and everything the driver made for it (mount, subvolume, dataset, origin
     * snapshot). A volume that other volumes were cloned from can be destroyed; its clones live on.
     *
     * @throws VolumeBusyException     if a process has files or its working directory in it, or a
     *                                 filesystem is mounted inside it; nothing is changed then
     * @throws VolumeNotFoundException if it does not exist
     */
    void destroy(Volume volume);

    /** Every volume on the pool, sorted by name: what exists after a crash. */
    List<Volume> list();

    /** The named volume, if it exists. */
    Optional<Volume> find(String name);

    /** The named volume. @throws VolumeNotFoundException if it does not exist */
    default Volume volume(String name) {
        return find(name).orElseThrow(() -> new VolumeNotFoundException(name(), pool(), name));
    }

    /**
     * Bytes the volume occupies, as the driver can tell:
     * <ul>
     *   <li>btrfs: exclusive bytes from {@code btrfs filesystem du -s} (data no other subvolume
     *       shares; near 0 for a fresh clone, growing as the clone diverges);</li>
     *   <li>zfs: the dataset's {@code used} property (blocks written since the clone, plus those its
     *       snapshots pin; lags writes by up to one transaction group, a few seconds);</li>
     *   <li>reflink, copy: allocated bytes as {@code du} counts them, with shared extents counted in
     *       full, so for a reflink clone it overstates what the clone really costs.</li>
     * </ul>
     */
    long usedBytes(Volume volume);
}
