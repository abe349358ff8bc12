package dev.rift.cow.layer;

import dev.rift.cow.TableId;
import dev.rift.cow.ddl.LayerNames;
import dev.rift.cow.ddl.SequenceCopy;
import dev.rift.cow.ddl.SequenceCopyDdl;
import dev.rift.cow.shape.Column;
import dev.rift.cow.shape.SequenceRef;
import dev.rift.cow.shape.SequenceShape;
import dev.rift.cow.shape.TableShape;
import dev.rift.storage.catalog.LayerCatalog;
import dev.rift.storage.catalog.SequenceEntry;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The top layer's sequence copies during one preparation: those it has, and those it makes. A copy starts where its
 * source stood: the nearest lower layer's copy, or the upstream sequence, which is read and never advanced.
 */
final class LayerSequences {
    private final Connection connection;
    private final LayerStack stack;
    private final LayerNames names;
    private final LayerSchemas schemas;
    private final Map<Long, SequenceCopy> available = new HashMap<>();
    private final List<SequenceEntry> made = new ArrayList<>();

    LayerSequences(Connection connection, LayerStack stack, LayerSchemas schemas) {
        this.connection = connection;
        this.stack = stack;
        this.names = new LayerNames(stack.top().id());
        this.schemas = schemas;
        for (SequenceEntry e : stack.top().sequences().values()) {
            available.put(e.relid(), new SequenceCopy(names.sequenceCopy(new TableId(e.schema(), e.sequence())), null));
        }
    }

    /**
     * The copies a table's defaults and identity columns use. Copies for defaults are created now; identity copies
     * are created by the table's own DDL ({@code GENERATED ... AS IDENTITY (SEQUENCE NAME ...)}).
     */
    Map<Long, SequenceCopy> forTable(TableShape shape) throws SQLException {
        Map<Long, SequenceCopy> out = new HashMap<>();
        for (Column c : shape.columns()) {
            for (SequenceRef ref : c.defaultSequences()) {
                out.put(ref.relid(), standAlone(ref.relid(), ref.id()));
            }
            if (c.identitySequence().isPresent()) {
                SequenceRef ref = c.identitySequence().get();
                if (available.containsKey(ref.relid())) {
                    throw new IllegalStateException("layer " + names.layer() + " already has a copy of identity"
                            + " sequence " + ref.id() + " but not its table " + shape.id());
                }
                SequenceCopy copy = new SequenceCopy(names.sequenceCopy(ref.id()), source(ref.relid(), ref.id()));
                remember(ref.relid(), ref.id(), copy);
                out.put(ref.relid(), copy);
            }
        }
        return out;
    }

    /** The layer's copy of a sequence that belongs to no identity column, created when missing. */
    SequenceCopy standAlone(long relid, TableId sequence) throws SQLException {
        SequenceCopy have = available.get(relid);
        if (have != null) {
            return have;
        }
        schemas.ensure(names, sequence.schema());
        SequenceCopy copy = new SequenceCopy(names.sequenceCopy(sequence), source(relid, sequence));
        Sql.execute(connection, SequenceCopyDdl.create(copy.copy(), copy.source()));
        remember(relid, sequence, copy);
        return copy;
    }

    /** Adds the copies made in this preparation to the catalog. */
    void record(LayerCatalog catalog) throws SQLException {
        for (SequenceEntry e : made) {
            catalog.addSequence(connection, e);
        }
    }

    private SequenceShape source(long relid, TableId sequence) throws SQLException {
        String relation = stack.topmostSequence(relid, 1)
                .map(e -> new LayerNames(e.layerId()).sequenceCopy(new TableId(e.schema(), e.sequence())))
                .orElse(sequence.sql());
        return SequenceShape.read(connection, relation);
    }

    private void remember(long relid, TableId sequence, SequenceCopy copy) {
        available.put(relid, copy);
        made.add(new SequenceEntry(names.layer(), relid, sequence.schema(), sequence.name()));
    }
}
