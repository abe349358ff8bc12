package dev.rift.storage.snapshot;

/** A snapshot driver operation failed; the message says what and, for commands, their stderr. */
public class SnapshotException extends RuntimeException {

    public SnapshotException(String message) {
        super(message);
    }

    public SnapshotException(String message, Throwable cause) {
        super(message, cause);
    }
}
