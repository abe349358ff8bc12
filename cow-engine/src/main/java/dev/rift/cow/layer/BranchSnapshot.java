package dev.rift.cow.layer;

import dev.rift.cow.SchemaDivergence;
import dev.rift.cow.BranchState;
import dev.rift.cow.TableId;
import dev.rift.cow.ddl.LayerNames;
import dev.rift.storage.catalog.LayerEntry;
import dev.rift.storage.catalog.SequenceEntry;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A branch's state at one version, immutable: for each upstream table a layer holds, the merged relation of the
 * topmost layer that holds it; the top layer's sequence copies (a lower layer's copy is frozen, so the branch must
 * make its own before calling {@code nextval}).
 *
 * @param layerTables  each merged relation and data table of the stack's layers (quoted), with the OID of the table it
 *                     stands for
 */
public record BranchSnapshot(String branch, long version, long topLayer, List<Long> stack, Map<TableId, String> reads,
                             Map<String, Long> layerTables, Map<String, Long> partitionCopies, Map<TableId, String> sequences, Set<TableId> topTables,
                             SchemaDivergence divergence, boolean isEmpty)
        implements BranchState {

    public BranchSnapshot {
        reads = Map.copyOf(reads);
        layerTables = Map.copyOf(layerTables);
        partitionCopies = Map.copyOf(partitionCopies);
        sequences = Map.copyOf(sequences);
        topTables = Set.copyOf(topTables);
        stack = List.copyOf(stack);
    }

    /** @param partitionMembers the upstream relids of the stack's tables that belong to partition trees */
    static BranchSnapshot of(LayerStack stack, SchemaDivergence divergence, Set<Long> partitionMembers) {
        Map<TableId, String> reads = new HashMap<>();
        Map<String, Long> partitionCopies = new HashMap<>();
        Map<String, Long> layerTables = new HashMap<>();
        List<LayerStack.Layer> layers = stack.layers();
        for (int i = layers.size() - 1; i >= 0; i--) { // bottom to top: the topmost layer's relation wins
            for (LayerEntry e : layers.get(i).tables().values()) {
                String merged = new LayerNames(e.layerId()).merged(e.relid());
                TableId id = new TableId(e.schema(), e.table());
                reads.put(id, merged);
                if (partitionMembers.contains(e.relid())) {
                    String copy = new LayerNames(e.layerId()).dataTable(id);
                    reads.put(id, copy);
                    partitionCopies.values().remove(e.relid()); // a lower layer's copy, no longer read
                    partitionCopies.put(copy, e.relid());
                }
                layerTables.put(merged, e.relid());
                layerTables.put(new LayerNames(e.layerId()).dataTable(id), e.relid());
            }
        }
        LayerStack.Layer top = stack.top();
        LayerNames topNames = new LayerNames(top.id());
        Map<TableId, String> sequences = new HashMap<>();
        for (SequenceEntry e : top.sequences().values()) {
            TableId id = new TableId(e.schema(), e.sequence());
            sequences.put(id, topNames.sequenceCopy(id));
        }
        Set<TableId> topTables = Set.copyOf(top.tables().values().stream()
                .map(e -> new TableId(e.schema(), e.table())).toList());
        // A DDL statement logs itself in the client's transaction instead of touching rift.branches (docs/ddl.md).
        long version = Math.max(stack.branch().version(), divergence.lastDdl());
        return new BranchSnapshot(stack.branch().name(), version, top.id(), stack.layerIds(), reads, layerTables,
                partitionCopies, sequences, topTables, divergence, !stack.holdsAnything() && divergence.isEmpty());
    }

    @Override
    public Optional<String> readRelation(TableId table) {
        return Optional.ofNullable(reads.get(table));
    }

    @Override
    public Optional<String> sequence(TableId sequence) {
        return Optional.ofNullable(sequences.get(sequence));
    }

    /** Whether the branch's own top layer already holds the table (so a write needs no preparation). */
    public boolean writable(TableId table) {
        return topTables.contains(table);
    }
}
