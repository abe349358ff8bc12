package dev.rift.storage.snapshot;

import java.util.List;

/** A volume cannot be destroyed because processes or mounts still use it. */
public class VolumeBusyException extends SnapshotException {

    private final transient List<String> users;

    public VolumeBusyException(Volume volume, List<String> users) {
        super("volume " + volume.name() + " at " + volume.mountpoint() + " is busy; stop what uses it first: "
                + String.join("; ", users));
        this.users = List.copyOf(users);
    }

    /** What holds the volume, e.g. {@code "pid 4242 (postgres): working directory"}. */
    public List<String> users() {
        return users;
    }
}
