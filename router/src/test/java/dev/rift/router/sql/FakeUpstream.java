package dev.rift.router.sql;

import dev.rift.cow.RelationKind;
import dev.rift.cow.TableId;
import dev.rift.cow.UpstreamCatalog;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An upstream database's catalog as rift's router sees it (a fake of rift's own {@link UpstreamCatalog} and
 * {@link TableShapes}), describing the same relations {@link OverlayDatabase} creates in a real PostgreSQL.
 */
final class FakeUpstream implements UpstreamCatalog, TableShapes {
    private final Map<TableId, RelationKind> kinds = new LinkedHashMap<>();
    private final Map<TableId, List<TableId>> viewDependencies = new HashMap<>();
    private final Map<TableId, String> definitions = new HashMap<>();
    private final Map<TableId, List<ColumnType>> columns = new HashMap<>();
    private final Map<TableId, List<List<String>>> uniqueKeys = new HashMap<>();
    private final Map<TableId, Set<TableId>> referencing = new HashMap<>();
    private int resolveCalls;

    static TableId id(String schema, String name) {
        return new TableId(schema, name);
    }

    FakeUpstream table(TableId table, List<ColumnType> cols, List<List<String>> keys) {
        kinds.put(table, RelationKind.TABLE);
        columns.put(table, List.copyOf(cols));
        uniqueKeys.put(table, List.copyOf(keys));
        return this;
    }

    FakeUpstream relation(TableId relation, RelationKind kind) {
        kinds.put(relation, kind);
        return this;
    }

    FakeUpstream view(TableId view, RelationKind kind, TableId... reads) {
        kinds.put(view, kind);
        viewDependencies.put(view, List.of(reads));
        return this;
    }

    FakeUpstream references(TableId child, TableId parent) {
        referencing.computeIfAbsent(parent, p -> new HashSet<>()).add(child);
        return this;
    }

    static ColumnType column(String name, String type) {
        return new ColumnType(name, type, false);
    }

    int resolveCalls() {
        return resolveCalls;
    }

    @Override
    public Optional<TableId> resolve(List<String> searchPath, String schema, String name) {
        resolveCalls++;
        if (schema != null) {
            TableId id = new TableId(schema, name);
            return kinds.containsKey(id) ? Optional.of(id) : Optional.empty();
        }
        List<String> path = new ArrayList<>();
        if (!searchPath.contains("pg_catalog")) {
            path.add("pg_catalog"); // PostgreSQL searches pg_catalog first unless the path places it
        }
        path.addAll(searchPath);
        for (String s : path) {
            TableId id = new TableId(s, name);
            if (kinds.containsKey(id)) {
                return Optional.of(id);
            }
        }
        return Optional.empty();
    }

    /** A schema exists when one of the fake's relations is in it. */
    @Override
    public boolean schemaExists(String schema) {
        return kinds.keySet().stream().anyMatch(id -> id.schema().equals(schema));
    }

    @Override
    public RelationKind kind(TableId relation) {
        return kinds.getOrDefault(relation, RelationKind.OTHER);
    }

    /** A view's query as pg_get_viewdef prints it under an empty search_path. */
    FakeUpstream definition(TableId view, String query) {
        definitions.put(view, query);
        return this;
    }

    @Override
    public java.util.Optional<String> viewDefinition(TableId view) {
        return java.util.Optional.ofNullable(definitions.get(view));
    }

    @Override
    public List<TableId> dependentViews(TableId relation) {
        return viewDependencies.entrySet().stream().filter(e -> e.getValue().contains(relation))
                .map(Map.Entry::getKey).sorted(java.util.Comparator.comparing(TableId::sql)).toList();
    }

    @Override
    public List<TableId> viewDependencies(TableId view) {
        return viewDependencies.getOrDefault(view, List.of());
    }

    @Override
    public List<ColumnType> columns(TableId table) {
        return columns.getOrDefault(table, List.of());
    }

    @Override
    public List<List<String>> uniqueKeys(TableId table) {
        return uniqueKeys.getOrDefault(table, List.of());
    }

    /** The fake's first key is the table's primary key, as {@link OverlayDatabase} declares them. */
    @Override
    public List<String> primaryKey(TableId table) {
        List<List<String>> keys = uniqueKeys(table);
        return keys.isEmpty() ? List.of() : keys.get(0);
    }

    @Override
    public Set<TableId> referencingTables(TableId table) {
        return referencing.getOrDefault(table, Set.of());
    }
}
