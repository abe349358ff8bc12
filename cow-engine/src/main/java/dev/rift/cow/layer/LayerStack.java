package dev.rift.cow.layer;

import dev.rift.storage.catalog.BranchCatalog;
import dev.rift.storage.catalog.BranchRecord;
import dev.rift.storage.catalog.LayerEntry;
import dev.rift.storage.catalog.LayerRecord;
import dev.rift.storage.catalog.SequenceEntry;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A branch's layers, top (its own, writable) to bottom, with what each holds, as read in one transaction. */
public record LayerStack(BranchRecord branch, List<Layer> layers) {

    /** One layer and its tables and sequence copies, by upstream relid. */
    public record Layer(LayerRecord record, Map<Long, LayerEntry> tables, Map<Long, SequenceEntry> sequences) {
        public long id() {
            return record.id();
        }
    }

    public static LayerStack load(Connection c, BranchCatalog catalog, BranchRecord branch) throws SQLException {
        List<LayerRecord> records = catalog.layers().stack(c, branch.topLayer());
        List<Long> ids = records.stream().map(LayerRecord::id).toList();
        Map<Long, Map<Long, LayerEntry>> tables = new LinkedHashMap<>();
        for (LayerEntry e : catalog.layers().tables(c, ids)) {
            tables.computeIfAbsent(e.layerId(), k -> new LinkedHashMap<>()).put(e.relid(), e);
        }
        Map<Long, Map<Long, SequenceEntry>> sequences = new LinkedHashMap<>();
        for (SequenceEntry e : catalog.layers().sequences(c, ids)) {
            sequences.computeIfAbsent(e.layerId(), k -> new LinkedHashMap<>()).put(e.relid(), e);
        }
        List<Layer> layers = new ArrayList<>();
        for (LayerRecord r : records) {
            layers.add(new Layer(r, tables.getOrDefault(r.id(), Map.of()), sequences.getOrDefault(r.id(), Map.of())));
        }
        return new LayerStack(branch, List.copyOf(layers));
    }

    public Layer top() {
        return layers.get(0);
    }

    /** The entry of the topmost layer that holds the table, searching from {@code fromIndex} (0: the top) down. */
    public Optional<LayerEntry> topmostTable(long relid, int fromIndex) {
        for (int i = fromIndex; i < layers.size(); i++) {
            LayerEntry e = layers.get(i).tables().get(relid);
            if (e != null) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /** The topmost copy of a sequence, searching from {@code fromIndex} (0: the top) down. */
    public Optional<SequenceEntry> topmostSequence(long relid, int fromIndex) {
        for (int i = fromIndex; i < layers.size(); i++) {
            SequenceEntry e = layers.get(i).sequences().get(relid);
            if (e != null) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    public List<Long> layerIds() {
        return layers.stream().map(Layer::id).toList();
    }

    public boolean holdsAnything() {
        return layers.stream().anyMatch(l -> !l.tables().isEmpty() || !l.sequences().isEmpty());
    }
}
