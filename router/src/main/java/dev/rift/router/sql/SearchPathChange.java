package dev.rift.router.sql;

import java.util.List;

/**
 * A {@code SET search_path} / {@code RESET search_path} a statement makes, so the session resolves later
 * statements' names as PostgreSQL will.
 *
 * <p>PostgreSQL undoes a {@code SET} when its transaction rolls back and a {@code SET LOCAL} when its transaction
 * ends; the session applies those rules (it knows the transaction status from ReadyForQuery).
 *
 * @param path  the new entries as PostgreSQL stores them ({@code "$user"} not replaced); for a reset, the
 *              session's default path
 * @param local whether it was {@code SET LOCAL} (lasts until the end of the transaction)
 */
public record SearchPathChange(List<String> path, boolean local) {
    public SearchPathChange {
        path = List.copyOf(path);
    }
}
