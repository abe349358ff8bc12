package dev.rift.storage.catalog;

import java.sql.SQLException;

/** A catalog operation that failed, with the SQLSTATE PostgreSQL reported (or one rift chose). */
public class CatalogException extends RuntimeException {
    private final String sqlState;

    public CatalogException(String sqlState, String message) {
        super(message);
        this.sqlState = sqlState;
    }

    public CatalogException(String message, SQLException cause) {
        super(message + ": " + cause.getMessage(), cause);
        this.sqlState = cause.getSQLState();
    }

    public String sqlState() {
        return sqlState;
    }
}
