package dev.rift.cow.layer;

import dev.rift.cow.TableId;
import dev.rift.cow.ddl.LayerNames;
import dev.rift.cow.ddl.LayerRelations;
import dev.rift.storage.catalog.LayerEntry;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The relations as a branch's top layer sees them, counting the tables a preparation is adding to it
 * ({@link #adding}) as already there, so that SQL generated in one preparation is consistent from the start.
 */
final class TopLayerRelations implements LayerRelations {
    private final LayerStack stack;
    private final LayerNames names;
    private final Map<Long, LayerEntry.Kind> adding = new HashMap<>();

    TopLayerRelations(LayerStack stack) {
        this.stack = stack;
        this.names = new LayerNames(stack.top().id());
    }

    void adding(long relid, LayerEntry.Kind kind) {
        adding.put(relid, kind);
    }

    @Override
    public LayerNames names() {
        return names;
    }

    @Override
    public String mergedAt(long relid, TableId table) {
        return kind(relid).isPresent() ? names.merged(relid) : below(relid, table);
    }

    @Override
    public String below(long relid, TableId table) {
        return stack.topmostTable(relid, 1).map(e -> new LayerNames(e.layerId()).merged(relid)).orElse(table.sql());
    }

    @Override
    public Optional<LayerEntry.Kind> kind(long relid) {
        LayerEntry e = stack.top().tables().get(relid);
        return e != null ? Optional.of(e.kind()) : Optional.ofNullable(adding.get(relid));
    }
}
