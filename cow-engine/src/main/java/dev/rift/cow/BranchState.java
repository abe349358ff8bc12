package dev.rift.cow;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A branch's overlay as the router sees it at one version: immutable, cheap to query, safe to share
 * between threads. A new version replaces it whenever the overlay's shape changes.
 */
public interface BranchState {
    String branch();

    /** Changes whenever a table or sequence gains a layer entry, or the branch is reset. */
    long version();

    /**
     * The relation reads of {@code table} must use on this branch (quoted SQL text), or empty when no layer of the
     * branch has the table, so reads go to the upstream table untouched.
     */
    Optional<String> readRelation(TableId table);

    /**
     * The members of partition trees the branch holds, by the relation reads use (quoted SQL text: the layer's copy
     * itself, so {@code ONLY} and {@code tableoid} mean what they mean on a full copy), with the upstream table's oid,
     * which a full copy's table has too.
     */
    default Map<String, Long> partitionCopies() {
        return Map.of();
    }

    /** The branch's copy of an upstream sequence (quoted SQL text), or empty when the branch has not used it yet. */
    Optional<String> sequence(TableId sequence);

    /** The branch's layers, top first (the catalog views of docs/ddl.md filter by them). */
    List<Long> stack();

    /** How the branch's schema differs from the upstream's: own objects, hidden upstream relations. */
    SchemaDivergence divergence();

    /** Whether any layer of the branch holds anything: when not, every read passes through. */
    boolean isEmpty();
}
