package dev.rift.router.sql;

import dev.rift.cow.Quote;
import dev.rift.cow.SchemaDivergence;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;

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
    private String user;
    private BranchState state;
    private final Map<List<String>, Optional<TableId>> resolved = new HashMap<>();
    private final Map<TableId, RelationKind> kinds = new HashMap<>();
    private final Set<TableId> own = new HashSet<>();
    private java.util.function.Function<TableId, String> viewExpander;

    Resolver(UpstreamCatalog catalog, List<String> searchPath, String user, BranchState state) {
        this.catalog = catalog;
        this.state = state;
        useSearchPath(searchPath, user);
    }

    /** A later statement of the same string sees the search_path an earlier one set. */
    void useSearchPath(List<String> storedPath, String user) {
        this.user = user;
        this.searchPath = storedPath.stream().map(e -> e.equals("$user") ? user : e).toList();
        resolved.clear();
    }

    /** The client's role (the session itself runs as its session role, docs/security.md). */
    String user() {
        return user;
    }

    /** After rift created layer tables for the string's writes, reads resolve against the new state. */
    void useState(BranchState newState) {
        this.state = newState;
        resolved.clear();
        own.clear();
    }

    /** The search_path names resolve against, {@code "$user"} replaced. */
    List<String> searchPath() {
        return searchPath;
    }

    BranchState state() {
        return state;
    }

    /** The upstream relation a (possibly qualified) name refers to; the database part of a three-part name is ignored. */
    Optional<TableId> resolve(List<String> parts) {
        if (parts.isEmpty() || parts.stream().anyMatch(java.util.Objects::isNull) || parts.size() > 3) {
            return Optional.empty();
        }
        List<String> key = List.copyOf(parts);
        Optional<TableId> known = resolved.get(key);
        if (known != null) {
            return known;
        }
        String name = key.get(key.size() - 1);
        String schema = key.size() >= 2 ? key.get(key.size() - 2) : null;
        Optional<TableId> found = state.divergence().isEmpty() ? catalog.resolve(searchPath, schema, name)
                : resolveDiverged(schema, name);
        resolved.put(key, found);
        return found;
    }

    /**
     * Resolution on a branch with schema changes (docs/ddl.md): in each schema of the path, the branch's own
     * relations come first (the session's real search_path puts the own schema before it), then the upstream's
     * unless the branch dropped or replaced them. A name PostgreSQL would find only among hidden relations does not
     * exist on the branch; a qualified name in a schema with an own schema that rift does not know (an object made
     * earlier in the client's transaction) is taken as own.
     */
    private Optional<TableId> resolveDiverged(String schema, String name) {
        if (schema != null) {
            return resolveIn(schema, name, true);
        }
        List<String> path = new ArrayList<>();
        if (!searchPath.contains("pg_catalog")) {
            path.add("pg_catalog");
        }
        path.addAll(searchPath);
        for (String s : path) {
            Optional<TableId> id = resolveIn(s, name, false);
            if (id.isPresent()) {
                return id;
            }
        }
        return Optional.empty();
    }

    private Optional<TableId> resolveIn(String schema, String name, boolean qualified) {
        SchemaDivergence d = state.divergence();
        TableId id = new TableId(schema, name);
        if (d.ownRelations().containsKey(id)) {
            own.add(id);
            return Optional.of(id);
        }
        boolean upstream = catalog.resolve(List.of(), schema, name).isPresent();
        if (upstream && !d.hidden().contains(id)) {
            return Optional.of(id);
        }
        if (qualified && d.ownSchemas().containsKey(schema)) {
            own.add(id);
            return Optional.of(id);
        }
        if (upstream) {
            throw new Refusal("42P01", "relation \"" + (qualified ? schema + "." + name : name) + "\" does not exist");
        }
        return Optional.empty();
    }

    /** Whether the branch has a relation of this name: its own, or the upstream's unless it dropped it. */
    boolean exists(TableId id) {
        SchemaDivergence d = state.divergence();
        return d.ownRelations().containsKey(id)
                || !d.hidden().contains(id) && catalog.resolve(List.of(), id.schema(), id.name()).isPresent();
    }

    /** Whether a table an earlier analysis resolved is the branch's own (also after the state moved on). */
    boolean isOwnRelation(TableId id) {
        return own.contains(id) || state.divergence().ownRelations().containsKey(id);
    }

    /** Whether a resolved name is one of the branch's own relations (made on the branch, in its own schema). */
    boolean isOwn(TableId id) {
        return own.contains(id);
    }

    /** The own relation's real name: the top layer's own schema, quoted. */
    String ownRelation(TableId id) {
        String physical = state.divergence().ownSchemas().get(id.schema());
        if (physical == null) {
            throw new Refusal("0A000", "rift has no own schema for " + id.schema() + " on this branch");
        }
        return Quote.ident(physical) + "." + Quote.ident(id.name());
    }

    /**
     * Where PostgreSQL creates an unqualified object: the first schema of the path that exists. rift's DDL puts it in
     * that schema's own schema, or refuses it when the branch has none (docs/ddl.md): the one rule for both.
     */
    Optional<String> creationSchema() {
        for (String s : searchPath) {
            if (!s.equals("pg_catalog") && (state.divergence().ownSchemas().containsKey(s) || catalog.schemaExists(s))) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** Reads of an upstream view over tables the branch changed: its query, rewritten for the branch. */
    void viewExpander(java.util.function.Function<TableId, String> expander) {
        this.viewExpander = expander;
    }

    /** The view's query as a parenthesised subquery reading the branch's rows (see {@link #viewExpander}). */
    Optional<String> expandView(TableId view) {
        return viewExpander == null ? Optional.empty() : Optional.of(viewExpander.apply(view));
    }

    /** Whether the branch has schema {@code schema}: the upstream's, or one only the branch made. */
    boolean schemaExists(String schema) {
        return state.divergence().ownSchemas().containsKey(schema) || catalog.schemaExists(schema);
    }

    /** Whether the upstream has schema {@code schema} (main has it too). */
    boolean upstreamSchemaExists(String schema) {
        return catalog.schemaExists(schema);
    }

    /** An upstream view's or materialized view's query, every name in it schema-qualified. */
    Optional<String> viewDefinition(TableId view) {
        return catalog.viewDefinition(view);
    }

    /** Upstream views over {@code relation} the branch still shows. */
    List<TableId> dependentViews(TableId relation) {
        return catalog.dependentViews(relation).stream().filter(v -> !state.divergence().hidden().contains(v)).toList();
    }

    /** The table of an upstream index. */
    Optional<TableId> indexTable(TableId index) {
        return catalog.indexTable(index);
    }

    RelationKind kind(TableId relation) {
        if (own.contains(relation)) {
            return state.divergence().ownRelations().getOrDefault(relation, RelationKind.TABLE);
        }
        return kinds.computeIfAbsent(relation, catalog::kind);
    }

    /** Where reads of {@code table} go on the branch, when a layer has it (or it is the branch's own). */
    Optional<String> readRelation(TableId table) {
        if (own.contains(table)) {
            return Optional.of(ownRelation(table));
        }
        return state.readRelation(table);
    }

    /** Whether a view reads, directly or through other views, a table the branch has changed. */
    boolean viewReadsChanges(TableId view) {
        if (own.contains(view)) {
            return false; // the branch's own view reads what the branch reads
        }
        for (TableId t : catalog.viewDependencies(view)) {
            if (state.readRelation(t).isPresent() || state.divergence().hidden().contains(t)) {
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
        if (own.contains(id.get())) {
            return true;
        }
        return switch (kind(id.get())) {
            case VIEW -> viewReadsChanges(id.get());
            case SEQUENCE -> state.sequence(id.get()).isPresent();
            case MATERIALIZED_VIEW -> false; // its rows are stored: a full copy would show the same until REFRESH
            default -> state.readRelation(id.get()).isPresent();
        };
    }
}
