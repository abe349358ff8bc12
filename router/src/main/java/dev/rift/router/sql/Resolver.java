package dev.rift.router.sql;

import dev.rift.cow.BranchState;
import dev.rift.cow.RelationKind;
import dev.rift.cow.TableId;
import dev.rift.cow.UpstreamCatalog;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Resolves names in one query string the way PostgreSQL would (the session's search_path, {@code "$user"}
 * replaced) and tells which upstream relations the branch has changed. Lookups are remembered for the string.
 */
final class Resolver {
    private final UpstreamCatalog catalog;
    private List<String> searchPath;
    private BranchState state;
    private final Map<List<String>, Optional<TableId>> resolved = new HashMap<>();
    private final Map<TableId, RelationKind> kinds = new HashMap<>();

    Resolver(UpstreamCatalog catalog, List<String> searchPath, String user, BranchState state) {
        this.catalog = catalog;
        this.state = state;
        useSearchPath(searchPath, user);
    }

    /** A later statement of the same string sees the search_path an earlier one set. */
    void useSearchPath(List<String> storedPath, String user) {
        this.searchPath = storedPath.stream().map(e -> e.equals("$user") ? user : e).toList();
        resolved.clear();
    }

    /** After rift created layer tables for the string's writes, reads resolve against the new state. */
    void useState(BranchState newState) {
        this.state = newState;
    }

    BranchState state() {
        return state;
    }

    /** The upstream relation a (possibly qualified) name refers to; the database part of a three-part name is ignored. */
    Optional<TableId> resolve(List<String> parts) {
        if (parts.isEmpty() || parts.contains(null) || parts.size() > 3) {
            return Optional.empty();
        }
        return resolved.computeIfAbsent(List.copyOf(parts), p -> {
            String name = p.get(p.size() - 1);
            String schema = p.size() >= 2 ? p.get(p.size() - 2) : null;
            return catalog.resolve(searchPath, schema, name);
        });
    }

    RelationKind kind(TableId relation) {
        return kinds.computeIfAbsent(relation, catalog::kind);
    }

    /** Where reads of {@code table} go on the branch, when a layer has it. */
    Optional<String> readRelation(TableId table) {
        return state.readRelation(table);
    }

    /** Whether a view reads, directly or through other views, a table the branch has changed. */
    boolean viewReadsChanges(TableId view) {
        for (TableId t : catalog.viewDependencies(view)) {
            if (state.readRelation(t).isPresent()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a statement mentioning this name might need rift's help: a table with a layer, a view over one,
     * a sequence the branch has its own copy of.
     */
    boolean needsOverlay(List<String> parts) {
        if (state.isEmpty()) {
            return false; // the hot path: a branch with nothing in its layers reads the upstream as it is
        }
        if (parts.contains(null)) {
            return true; // a name rift cannot decode: assume the worst
        }
        Optional<TableId> id = resolve(parts);
        if (id.isEmpty()) {
            return false;
        }
        return switch (kind(id.get())) {
            case VIEW -> viewReadsChanges(id.get());
            case SEQUENCE -> state.sequence(id.get()).isPresent();
            case MATERIALIZED_VIEW -> false; // its rows are stored: a full copy would show the same until REFRESH
            default -> state.readRelation(id.get()).isPresent();
        };
    }
}
