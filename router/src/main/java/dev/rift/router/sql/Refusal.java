package dev.rift.router.sql;

/** A statement rift will not run, with the SQLSTATE and message the client gets. */
final class Refusal extends RuntimeException {
    private final String sqlState;

    Refusal(String sqlState, String message) {
        super(message, null, false, false);
        this.sqlState = sqlState;
    }

    /** SQLSTATE 0A000 (feature_not_supported), rift's answer to anything it cannot prove it handles. */
    static Refusal unsupported(String message) {
        return new Refusal("0A000", message);
    }

    String sqlState() {
        return sqlState;
    }

    Decision.Refused decision() {
        return new Decision.Refused(sqlState, getMessage());
    }
}
