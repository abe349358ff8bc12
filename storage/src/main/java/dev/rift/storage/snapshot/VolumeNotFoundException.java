package dev.rift.storage.snapshot;

/** The named volume does not exist on the pool. */
public class VolumeNotFoundException extends SnapshotException {

    public VolumeNotFoundException(String driver, String pool, String name) {
        super("no volume named " + name + " on " + driver + " pool " + pool);
    }
}
