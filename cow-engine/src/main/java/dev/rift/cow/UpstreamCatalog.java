package dev.rift.cow;

import java.util.List;
import java.util.Optional;

/** Name resolution against the upstream database's relations, as PostgreSQL would resolve them. */
public interface UpstreamCatalog {
    /**
     * Resolves a relation reference: {@code schema} null means search {@code searchPath} in order
     * (entries as PostgreSQL stores them, {@code "$user"} already replaced by the user name). Only
     * relations that exist upstream resolve; temporary tables, CTE names and functions do not.
     */
    Optional<TableId> resolve(List<String> searchPath, String schema, String name);

    RelationKind kind(TableId relation);

    /** An upstream view's query with every name schema-qualified ({@code pg_get_viewdef} under an empty path). */
    default Optional<String> viewDefinition(TableId view) {
        return Optional.empty();
    }

    /** Upstream views that read {@code relation}, directly or through other views. */
    default List<TableId> dependentViews(TableId relation) {
        return List.of();
    }

    /** Whether a schema of this name exists upstream. */
    default boolean schemaExists(String schema) {
        return true;
    }

    /** The table an upstream index belongs to. */
    default Optional<TableId> indexTable(TableId index) {
        return Optional.empty();
    }

    /**
     * Names of the upstream's SECURITY DEFINER functions that a session role may execute (PUBLIC may): they run as
     * their owner, whose rights a branch session must not borrow (docs/security.md).
     */
    default java.util.Set<String> definerFunctions() {
        return java.util.Set.of();
    }

    /** The functions, procedures and table code that can name tables at run time (docs/overlay.md). */
    default DatabaseCode code() {
        return DatabaseCode.NONE;
    }

    /** Upstream tables with row-level security enabled. */
    default java.util.Set<TableId> rowSecurityTables() {
        return java.util.Set.of();
    }

    /**
     * Whether the session role of this client role bypasses row-level security: the client is a superuser or has
     * BYPASSRLS, mirrored only when rift's own role is a superuser (storage/catalog/SessionRoles).
     */
    default boolean bypassesRowSecurity(String clientRole) {
        return true;
    }

    /** Forgets what is cached, so DDL is analysed against the upstream as it is now. */
    default void refresh() {
    }

    /** Upstream tables a view reads, transitively through other views (for refusing or expanding views). */
    List<TableId> viewDependencies(TableId view);
}
