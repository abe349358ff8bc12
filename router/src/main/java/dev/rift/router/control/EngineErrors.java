package dev.rift.router.control;

import dev.rift.cow.OverlayException;
import dev.rift.storage.catalog.CatalogException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;

/**
 * What a failed call reports, with the SQLSTATE PostgreSQL would use for a database, since a branch is one: unknown
 * branch 3D000 (invalid_catalog_name, as when connecting to it), an existing one 42P04 (duplicate_database; the
 * engine says 42710), an invalid name 42602, what the engine cannot do 0A000; other engine errors keep theirs.
 */
final class EngineErrors {
    private static final Logger log = LoggerFactory.getLogger(EngineErrors.class);

    private EngineErrors() {}

    static ControlError of(Throwable failure) {
        if (failure instanceof ControlError e) {
            return e;
        }
        if (failure instanceof BranchManagers.Denied e) {
            return new ControlError(e.sqlState(), e.getMessage(), e.hint());
        }
        if (failure instanceof OverlayException e) {
            return new ControlError(databaseState(e.sqlState()), e.getMessage());
        }
        if (failure instanceof CatalogException e) {
            return new ControlError(databaseState(e.sqlState()), e.getMessage());
        }
        if (failure instanceof IllegalArgumentException e && e.getMessage() != null
                && e.getMessage().startsWith("invalid branch name")) {
            return new ControlError("42602", e.getMessage());
        }
        if (failure instanceof SQLException e && e.getSQLState() != null) {
            return new ControlError(e.getSQLState(), e.getMessage());
        }
        log.error("rift function failed", failure);
        return new ControlError("XX000", "internal error in rift: " + failure);
    }

    private static String databaseState(String state) {
        if (state == null) {
            return "XX000";
        }
        return "42710".equals(state) ? "42P04" : state;
    }
}
