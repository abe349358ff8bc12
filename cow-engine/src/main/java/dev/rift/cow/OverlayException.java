package dev.rift.cow;

/** A branch operation that cannot be done, with the SQLSTATE PostgreSQL would use for it. */
public class OverlayException extends RuntimeException {
    private final String sqlState;

    public OverlayException(String sqlState, String message) {
        super(message);
        this.sqlState = sqlState;
    }

    public OverlayException(String sqlState, String message, Throwable cause) {
        super(message, cause);
        this.sqlState = sqlState;
    }

    public String sqlState() {
        return sqlState;
    }
}
