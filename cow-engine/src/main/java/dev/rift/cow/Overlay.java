package dev.rift.cow;

import java.util.List;
import java.util.Set;

/**
 * The overlay engine as the router uses it. Methods block on JDBC: call them off the event loop.
 * Thread-safe.
 */
public interface Overlay {
    /** The branch's current state (cached; refreshed when the branch's version changes). */
    BranchState state(String branch);

    UpstreamCatalog catalog();

    /**
     * Which table column each column of the state's merged relations and data tables reads, so the proxy can report results as a
     * copy would (RowDescription). Looked up once per relation and process.
     */
    default ColumnOrigins columnOrigins(BranchState state) {
        return ColumnOrigins.NONE;
    }

    /**
     * Makes {@code table} writable on the branch's top layer, creating its delta (or copy) when missing,
     * and returns where writes go. Refuses with {@link OverlayException} (SQLSTATE 0A000) tables the overlay
     * cannot represent faithfully: partitioned tables, tables with user triggers or rules, foreign tables.
     */
    WriteTarget prepareWrite(String branch, TableId table);

    /** The branch's copy of an upstream sequence, created on first use starting where the source stood. */
    String prepareSequence(String branch, TableId sequence);

    /**
     * Makes the top layer's own schema for each of these logical schemas that exists upstream (docs/ddl.md), so
     * objects the branch creates land there and never in an upstream schema.
     */
    void prepareOwnSchemas(String branch, List<String> logicalSchemas);

    /**
     * Makes {@code logicalSchema}, which does not exist upstream, a schema of the branch only (CREATE SCHEMA): an own
     * schema owned by {@code clientRole}'s session role on the branch.
     */
    void createBranchSchema(String branch, String logicalSchema, String clientRole);

    /**
     * The session role of {@code clientRole} on {@code branch} (docs/security.md), made when missing: what a GRANT on
     * a branch object to that client role grants to. 42704 when no such role exists.
     */
    String sessionRole(String branch, String clientRole);

    /**
     * The statements (for the client's transaction) that materialize these upstream tables, and every table linked
     * to them by foreign keys, and these upstream sequences, into the branch's top layer (own objects of the same
     * names, the upstream's hidden). Refuses (0A000) tables the overlay cannot represent.
     */
    MaterializationPlan materialize(String branch, Set<TableId> tables, Set<TableId> sequences);

    /**
     * How the branch takes its own copies of these upstream types before DDL changes them: the statements, and the
     * upstream tables that use them (to be materialized between the two lists of statements).
     */
    TypeCopyPlan copyTypes(String branch, List<TypeName> types);

    /** Forgets the branch's cached state: this process saw DDL on it commit or roll back. */
    default void forget(String branch) {
    }
}
