package dev.rift.router.control;

import dev.rift.pgwire.message.ErrorResponse;

/** A statement on database {@code rift} that fails with an ERROR (the session goes on), and its SQLSTATE. */
final class ControlError extends RuntimeException {
    private final String sqlState;
    private final String hint;

    ControlError(String sqlState, String message, String hint) {
        super(message);
        this.sqlState = sqlState;
        this.hint = hint;
    }

    ControlError(String sqlState, String message) {
        this(sqlState, message, null);
    }

    String sqlState() {
        return sqlState;
    }

    ErrorResponse response() {
        return ErrorResponse.of("ERROR", sqlState, getMessage(), hint);
    }
}
