package dev.rift.cow.layer;

import dev.rift.cow.OverlayException;
import dev.rift.cow.TableId;
import dev.rift.cow.WriteTarget;
import dev.rift.cow.ddl.CopyDdl;
import dev.rift.cow.ddl.DeltaDdl;
import dev.rift.cow.ddl.ForeignKeyDdl;
import dev.rift.cow.ddl.LayerNames;
import dev.rift.cow.ddl.NameViewDdl;
import dev.rift.cow.ddl.PartitionTreeDdl;
import dev.rift.cow.ddl.SequenceCopy;
import dev.rift.cow.ddl.WholeCopyDdl;
import dev.rift.cow.shape.ForeignKey;
import dev.rift.cow.shape.TableShape;
import dev.rift.cow.shape.TableShapeReader;
import dev.rift.storage.catalog.BranchCatalog;
import dev.rift.storage.catalog.BranchRecord;
import dev.rift.storage.catalog.LayerEntry;
import dev.rift.storage.catalog.SessionRoles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Makes tables and sequences writable on a branch's top layer: creates their deltas, copies and sequence copies in
 * one committed transaction of rift's own, under the branch's row lock (so two sessions preparing the same table
 * wait for each other, and the second finds it done), then bumps the branch's version.
 */
public final class LayerPreparation {
    private static final Logger log = LoggerFactory.getLogger(LayerPreparation.class);

    private final BranchCatalog catalog;

    public LayerPreparation(BranchCatalog catalog) {
        this.catalog = catalog;
    }

    /** What a preparation gave: the result, the layer it is in, and whether the branch's shape changed. */
    public record Prepared<T>(T result, long layer, boolean changed) {
    }

    public Prepared<WriteTarget> prepareWrite(String branch, TableId table) {
        return Branches.inTransaction(catalog, c -> {
            LayerStack stack = lockedStack(c, branch);
            TableShapeReader.qualifyNames(c);
            long relid = relid(c, table);
            TopLayerRelations relations = new TopLayerRelations(stack);
            Map<Long, TableShape> shapes = new HashMap<>();
            boolean changed = relations.kind(relid).isEmpty();
            if (changed) {
                addTables(c, stack, relations, relid, shapes);
                catalog.bumpVersion(c, branch);
            }
            return new Prepared<>(writeTarget(shape(c, relid, shapes), relations), stack.top().id(), changed);
        });
    }

    /** The branch's copy of {@code sequence} in its top layer (quoted), created when missing. */
    public Prepared<String> prepareSequence(String branch, TableId sequence) {
        return Branches.inTransaction(catalog, c -> {
            LayerStack stack = lockedStack(c, branch);
            TableShapeReader.qualifyNames(c);
            long relid = relid(c, sequence);
            requireSequence(c, relid, sequence);
            LayerNames names = new LayerNames(stack.top().id());
            if (stack.top().sequences().containsKey(relid)) {
                return new Prepared<>(names.sequenceCopy(sequence), names.layer(), false);
            }
            OptionalLong identityTable = identityOwner(c, relid);
            if (identityTable.isPresent()) {
                // An identity sequence is copied with its table, which the copy belongs to.
                addTables(c, stack, new TopLayerRelations(stack), identityTable.getAsLong(), new HashMap<>());
            } else {
                LayerSchemas schemas = new LayerSchemas(c);
                LayerSequences sequences = new LayerSequences(c, stack, schemas);
                sequences.standAlone(relid, sequence);
                sequences.record(catalog.layers());
                SessionRoles.grantBranch(c, branch);
            }
            catalog.bumpVersion(c, branch);
            return new Prepared<>(names.sequenceCopy(sequence), names.layer(), true);
        });
    }

    private LayerStack lockedStack(Connection c, String branch) throws SQLException {
        BranchRecord record = catalog.lockBranch(c, branch).orElseThrow(() -> Branches.noSuchBranch(branch));
        return LayerStack.load(c, catalog, record);
    }

    /** Adds a table to the top layer, with the tables its foreign keys' actions write (they cascade into them). */
    private void addTables(Connection c, LayerStack stack, TopLayerRelations relations, long relid,
                           Map<Long, TableShape> shapes) throws SQLException {
        List<TableShape> plan = plan(c, stack, relations, relid, shapes);
        for (TableShape s : plan) {
            relations.adding(s.relid(), kind(s));
        }
        LayerNames names = relations.names();
        LayerSchemas schemas = new LayerSchemas(c);
        LayerSequences sequences = new LayerSequences(c, stack, schemas);
        Set<Long> created = new HashSet<>();
        for (TableShape s : plan) {
            if (created.contains(s.relid())) {
                continue;
            }
            List<TableShape> unit = s.partitions().isPresent() ? tree(c, s, shapes) : List.of(s);
            Map<Long, Map<Long, SequenceCopy>> copies = new HashMap<>();
            for (TableShape m : unit) {
                schemas.ensure(names, m.id().schema());
                copies.put(m.relid(), sequences.forTable(m));
                created.add(m.relid());
            }
            if (s.partitions().isPresent()) {
                Sql.execute(c, PartitionTreeDdl.create(c, unit, relations, copies));
            } else if (s.heldWhole()) {
                Sql.execute(c, CopyDdl.create(s, relations, copies.get(s.relid())));
                Sql.execute(c, WholeCopyDdl.afterFill(c, s, names.dataTable(s.id()), WholeCopyDdl.madeByDataTable(s)));
            } else {
                Sql.execute(c, DeltaDdl.create(s, relations, copies.get(s.relid())));
            }
            for (TableShape m : unit) {
                finish(c, stack, relations, m, copies.get(m.relid()), shapes);
            }
        }
        sequences.record(catalog.layers());
        regenerateNeighbours(c, stack, relations, plan, shapes);
        SessionRoles.grantBranch(c, stack.branch().name());
    }

    /** The name view, foreign keys and catalog entry of a table just created in the top layer. */
    private void finish(Connection c, LayerStack stack, TopLayerRelations relations, TableShape s,
                        Map<Long, SequenceCopy> copies, Map<Long, TableShape> shapes) throws SQLException {
        LayerNames names = relations.names();
        Sql.execute(c, NameViewDdl.create(s, relations, copies));
        for (ForeignKey fk : s.outgoing()) {
            Sql.execute(c, ForeignKeyDdl.referencing(fk, relations));
        }
        for (ForeignKey fk : s.incoming()) {
            Sql.execute(c, ForeignKeyDdl.referenced(fk, relations, shape(c, fk.childRelid(), shapes)));
        }
        catalog.layers().addTable(c, new LayerEntry(names.layer(), s.relid(), s.id().schema(), s.id().name(),
                kind(s)));
        log.info("branch {}: {} {} in layer {}", stack.branch().name(), s.id(), !s.heldWhole() ? "has a delta"
                : s.hasPrimaryKey() || s.partitions().isPresent()
                ? "is copied whole (" + String.join(", ", s.wholeCopyReasons()) + ")" : "is copied", names.layer());
    }

    /** The shapes of the partition tree {@code s} belongs to, root first. */
    private static List<TableShape> tree(Connection c, TableShape s, Map<Long, TableShape> shapes)
            throws SQLException {
        List<TableShape> out = new ArrayList<>();
        for (long r : s.partitions().orElseThrow().tree()) {
            out.add(shape(c, r, shapes));
        }
        return out;
    }

    /**
     * The table and, transitively, every table a foreign key action of a planned table writes to: those need their
     * own entry in the same layer for the action to write. Refuses when any of them cannot be overlaid.
     */
    private List<TableShape> plan(Connection c, LayerStack stack, TopLayerRelations relations, long relid,
                                  Map<Long, TableShape> shapes) throws SQLException {
        Map<Long, TableShape> planned = new LinkedHashMap<>();
        Map<Long, String> because = new HashMap<>();
        Deque<Long> todo = new ArrayDeque<>(List.of(relid));
        while (!todo.isEmpty()) {
            long r = todo.poll();
            if (planned.containsKey(r) || relations.kind(r).isPresent()) {
                continue;
            }
            TableShape s = shape(c, r, shapes);
            if (s.refusal().isPresent()) {
                throw new OverlayException("0A000", "cannot write to table \"" + s.id() + "\" on branch \""
                        + stack.branch().name() + "\": " + s.refusal().get() + because.getOrDefault(r, ""));
            }
            planned.put(r, s);
            // a partition tree is held whole as one unit, whichever member is written first
            s.partitions().ifPresent(p -> p.tree().forEach(m -> {
                todo.add(m);
                because.putIfAbsent(m, " (it belongs to the partition tree of \"" + s.id() + "\")");
            }));
            for (ForeignKey fk : s.incoming()) {
                if (fk.writesChild()) {
                    todo.add(fk.childRelid());
                    because.putIfAbsent(fk.childRelid(), " (the actions of its foreign key \"" + fk.name()
                            + "\" to \"" + s.id() + "\" write to it)");
                }
            }
        }
        return new ArrayList<>(planned.values());
    }

    /**
     * Tables already in the layer whose foreign key triggers name a planned table's merged relation by the name it
     * had below: they now read this layer's instead.
     */
    private void regenerateNeighbours(Connection c, LayerStack stack, TopLayerRelations relations,
                                      List<TableShape> plan, Map<Long, TableShape> shapes) throws SQLException {
        for (TableShape s : plan) {
            for (ForeignKey fk : s.outgoing()) {
                if (stack.top().tables().containsKey(fk.parentRelid())) {
                    Sql.execute(c, List.of(ForeignKeyDdl.referencedFunction(fk, relations, s)));
                }
            }
            for (ForeignKey fk : s.incoming()) {
                if (stack.top().tables().containsKey(fk.childRelid())) {
                    Sql.execute(c, List.of(ForeignKeyDdl.referencingFunction(fk, relations)));
                }
            }
        }
    }

    private WriteTarget writeTarget(TableShape shape, TopLayerRelations relations) {
        LayerNames names = relations.names();
        long relid = shape.relid();
        boolean delta = relations.kind(relid).orElseThrow() == LayerEntry.Kind.DELTA;
        return new WriteTarget(shape.id(), names.dataTable(shape.id()),
                delta ? Optional.of(names.copyUp(relid)) : Optional.empty(),
                relations.below(relid, shape.id()), delta ? shape.keyColumns() : List.of(),
                delta ? DeltaDdl.copyUpKeyType(shape, names) : "");
    }

    private static LayerEntry.Kind kind(TableShape s) {
        return s.heldWhole() ? LayerEntry.Kind.COPY : LayerEntry.Kind.DELTA;
    }

    private static TableShape shape(Connection c, long relid, Map<Long, TableShape> shapes) throws SQLException {
        TableShape s = shapes.get(relid);
        if (s == null) {
            s = TableShapeReader.read(c, relid);
            shapes.put(relid, s);
        }
        return s;
    }

    private static long relid(Connection c, TableId table) throws SQLException {
        return TableShapeReader.relid(c, table).orElseThrow(() -> new OverlayException("42P01",
                "relation \"" + table + "\" does not exist"));
    }

    private static void requireSequence(Connection c, long relid, TableId sequence) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT relkind = 'S' FROM pg_class WHERE oid = ?")) {
            ps.setLong(1, relid);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || !rs.getBoolean(1)) {
                    throw new OverlayException("42809", "\"" + sequence + "\" is not a sequence");
                }
            }
        }
    }

    /** The table whose identity column owns the sequence, if it is an identity sequence. */
    private static OptionalLong identityOwner(Connection c, long sequenceRelid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT refobjid FROM pg_depend WHERE classid = 'pg_class'::regclass"
                + " AND objid = ? AND refclassid = 'pg_class'::regclass AND deptype = 'i'")) {
            ps.setLong(1, sequenceRelid);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            }
        }
    }
}
