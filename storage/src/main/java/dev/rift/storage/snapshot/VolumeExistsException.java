package dev.rift.storage.snapshot;

/** A volume with that name already exists on the pool. */
public class VolumeExistsException extends SnapshotException {

    public VolumeExistsException(String driver, String pool, String name) {
        super("a volume named " + name + " already exists on " + driver + " pool " + pool);
    }
}
