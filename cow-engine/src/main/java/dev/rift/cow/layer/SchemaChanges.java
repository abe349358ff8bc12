package dev.rift.cow.layer;

import dev.rift.cow.MaterializationPlan;
import dev.rift.cow.OverlayException;
import dev.rift.cow.Quote;
import dev.rift.cow.TableId;
import dev.rift.cow.TypeCopyPlan;
import dev.rift.cow.TypeName;
import dev.rift.cow.ddl.LayerNames;
import dev.rift.cow.ddl.Materialization;
import dev.rift.cow.ddl.UpstreamTypeCopy;
import dev.rift.cow.ddl.UpstreamViewCopy;
import dev.rift.cow.shape.ForeignKey;
import dev.rift.cow.shape.TableShape;
import dev.rift.cow.shape.TableShapeReader;
import dev.rift.storage.catalog.BranchCatalog;
import dev.rift.storage.catalog.BranchRecord;
import dev.rift.storage.catalog.SessionRoles;
import dev.rift.storage.catalog.LayerEntry;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * What the engine does for DDL on a branch (docs/ddl.md): the top layer's own schemas, made and registered
 * (committed: an empty own schema is harmless, and making it outside the client's transaction keeps the client
 * from holding a lock rift's own connection needs), and the SQL that materializes upstream tables, which the
 * client's transaction runs.
 */
public final class SchemaChanges {
    private final BranchCatalog catalog;

    public SchemaChanges(BranchCatalog catalog) {
        this.catalog = catalog;
    }

    /** Makes the top layer's own schema for each logical schema that exists upstream; true when any was new. */
    public boolean prepareOwnSchemas(String branch, List<String> logicalSchemas) {
        return Branches.inTransaction(catalog, c -> {
            BranchRecord record = catalog.lockBranch(c, branch).orElseThrow(() -> Branches.noSuchBranch(branch));
            LayerNames names = new LayerNames(record.topLayer());
            boolean changed = false;
            for (String logical : logicalSchemas) {
                if (LayerNames.isRiftSchema(logical) || !schemaExists(c, logical)) {
                    continue;
                }
                String physical = names.ownObjectSchema(logical);
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO rift.layer_schemas (layer_id,"
                        + " logical_schema, physical_schema) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
                    ps.setLong(1, record.topLayer());
                    ps.setString(2, logical);
                    ps.setString(3, physical);
                    if (ps.executeUpdate() == 0) {
                        continue;
                    }
                }
                Sql.execute(c, List.of("CREATE SCHEMA IF NOT EXISTS " + Quote.ident(physical)));
                changed = true;
            }
            if (changed) {
                // Session roles get USAGE, and CREATE where their client may create in the logical schema.
                SessionRoles.grantBranch(c, branch);
                catalog.bumpVersion(c, branch);
            }
            return changed;
        });
    }

    /**
     * Makes {@code logical}, a schema only the branch has (CREATE SCHEMA), as the top layer's own schema for it,
     * owned by the session role of {@code clientRole} as a copy's schema is owned by its creator. Committed like the
     * other own schemas; false when the branch already had it.
     */
    public boolean createBranchSchema(String branch, String logical, String clientRole) {
        return Branches.inTransaction(catalog, c -> {
            BranchRecord record = catalog.lockBranch(c, branch).orElseThrow(() -> Branches.noSuchBranch(branch));
            String physical = new LayerNames(record.topLayer()).ownObjectSchema(logical);
            mayCreateSchemas(c, clientRole);
            if (LayerNames.isRiftSchema(logical) || schemaExists(c, logical) || schemaExists(c, physical)) {
                return false;
            }
            // The row may remain from a schema of this name the branch dropped: it stands for the new one.
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO rift.layer_schemas (layer_id,"
                    + " logical_schema, physical_schema) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
                ps.setLong(1, record.topLayer());
                ps.setString(2, logical);
                ps.setString(3, physical);
                ps.executeUpdate();
            }
            String owner = SessionRoles.prepare(c, clientRole, branch).role();
            Sql.execute(c, List.of("CREATE SCHEMA IF NOT EXISTS " + Quote.ident(physical),
                    "ALTER SCHEMA " + Quote.ident(physical) + " OWNER TO " + Quote.ident(owner)));
            SessionRoles.grantBranch(c, branch); // the other session roles of the branch get USAGE
            catalog.bumpVersion(c, branch);
            return true;
        });
    }

    /**
     * The statements that materialize {@code tables} and every upstream table linked to them by foreign keys,
     * transitively, into the branch's top layer. Refuses (0A000) tables the overlay cannot represent.
     */
    public MaterializationPlan materialize(BranchSnapshot state, Set<TableId> tables, Set<TableId> sequences) {
        MaterializationPlan plan = plan(state, tables, sequences);
        // Foreign keys and views can reach tables in schemas the statement did not name: their own schemas too.
        Set<String> schemas = new LinkedHashSet<>();
        plan.tables().forEach(t -> schemas.add(t.schema()));
        plan.views().forEach(v -> schemas.add(v.schema()));
        prepareOwnSchemas(state.branch(), List.copyOf(schemas));
        return plan;
    }

    private MaterializationPlan plan(BranchSnapshot state, Set<TableId> tables, Set<TableId> sequences) {
        return Branches.inTransaction(catalog, c -> {
            BranchRecord record = catalog.branch(c, state.branch())
                    .orElseThrow(() -> Branches.noSuchBranch(state.branch()));
            LayerStack stack = LayerStack.load(c, catalog, record);
            TableShapeReader.qualifyNames(c);
            Map<Long, TableShape> closure = new LinkedHashMap<>();
            // Upstream views over the tables become the branch's own, bound to them as on a copy; so every table
            // such a view reads is materialized too, and every view it reads is copied (docs/ddl.md).
            UpstreamViewCopy viewCopy = new UpstreamViewCopy(c);
            Set<UpstreamViewCopy.View> views = new LinkedHashSet<>();
            Set<TableId> viewsRead = new LinkedHashSet<>();
            Deque<TableId> todo = new ArrayDeque<>(tables);
            while (!todo.isEmpty()) {
                close(c, state, todo, closure);
                Set<UpstreamViewCopy.View> more = viewCopy.dependents(closure.keySet(), state.divergence().hidden());
                Deque<UpstreamViewCopy.View> reading = new ArrayDeque<>(more);
                while (!reading.isEmpty()) {
                    UpstreamViewCopy.View v = reading.pollFirst();
                    if (!views.add(v)) {
                        continue;
                    }
                    UpstreamViewCopy.Reads reads = viewCopy.reads(List.of(v));
                    reads.views().stream().filter(w -> !state.divergence().hidden().contains(w.id()))
                            .forEach(reading::add);
                    todo.addAll(reads.tables());
                    viewsRead.addAll(reads.tables());
                }
            }
            LayerNames top = new LayerNames(stack.top().id());
            Map<Long, String> deltas = new HashMap<>();
            for (LayerEntry e : stack.top().tables().values()) {
                deltas.put(e.relid(), top.dataTable(new TableId(e.schema(), e.table())));
            }
            Materialization m = new Materialization(c, top,
                    id -> state.readRelation(id).orElse(id.sql()),
                    ref -> stack.topmostSequence(ref.relid(), 0)
                            .map(e -> new LayerNames(e.layerId()).sequenceCopy(new TableId(e.schema(), e.sequence())))
                            .orElse(ref.id().sql()),
                    deltas);
            List<TableShape> shapes = new ArrayList<>(closure.values());
            List<String> statements = new ArrayList<>(m.statements(shapes));
            // A table a view reads that the branch made its own before stands under the same name too.
            Set<TableId> own = new LinkedHashSet<>(shapes.stream().map(TableShape::id).toList());
            own.addAll(viewsRead);
            views.forEach(v -> own.add(v.id()));
            statements.addAll(viewCopy.statements(top, views, own));
            List<TableId> ownSequences = new ArrayList<>();
            for (TableId seq : sequences) {
                OptionalLong relid = TableShapeReader.relid(c, seq);
                if (relid.isEmpty() || state.divergence().hidden().contains(seq)) {
                    continue;
                }
                statements.addAll(m.sequence(new dev.rift.cow.shape.SequenceRef(relid.getAsLong(), seq, seq.sql())));
                ownSequences.add(seq);
            }
            return new MaterializationPlan(statements, shapes.stream().map(TableShape::id).toList(), ownSequences,
                    views.stream().map(UpstreamViewCopy.View::id).toList());
        });
    }

    /**
     * Adds to {@code closure} the tables of {@code todo} and every upstream table linked to them by foreign keys or
     * partitioning, transitively; refuses (0A000) tables the overlay cannot represent.
     */
    private static void close(Connection c, BranchSnapshot state, Deque<TableId> todo, Map<Long, TableShape> closure)
            throws SQLException {
        while (!todo.isEmpty()) {
            TableId id = todo.pollFirst();
            if (state.divergence().hidden().contains(id)) {
                continue;
            }
            OptionalLong relid = TableShapeReader.relid(c, id);
            if (relid.isEmpty() || closure.containsKey(relid.getAsLong())) {
                continue;
            }
            TableShape shape = TableShapeReader.read(c, relid.getAsLong());
            // Materializing re-creates triggers, exclusion constraints and policies as a whole copy does; what
            // no copy makes correct (inheritance, rules, SECURITY DEFINER triggers) stays refused.
            Optional<String> refusal = shape.refusal();
            if (refusal.isPresent()) {
                throw new OverlayException("0A000", "rift cannot change the schema of " + id
                        + " on a branch: " + refusal.get());
            }
            closure.put(shape.relid(), shape);
            // a partition tree is materialized whole, as a layer holds it
            if (shape.partitions().isPresent()) {
                for (long member : shape.partitions().get().tree()) {
                    if (!closure.containsKey(member)) {
                        todo.add(TableShapeReader.read(c, member).id());
                    }
                }
            }
            for (ForeignKey fk : shape.outgoing()) {
                todo.add(fk.parent());
            }
            for (ForeignKey fk : shape.incoming()) {
                todo.add(fk.child());
            }
        }
    }

    /** How the branch takes its own copies of the upstream types {@code types} that its DDL changes. */
    public TypeCopyPlan copyTypes(BranchSnapshot state, List<TypeName> types) {
        return Branches.inTransaction(catalog, c -> {
            BranchRecord record = catalog.branch(c, state.branch())
                    .orElseThrow(() -> Branches.noSuchBranch(state.branch()));
            UpstreamTypeCopy copies = new UpstreamTypeCopy(c, new LayerNames(record.topLayer()));
            List<String> before = new ArrayList<>();
            Set<TableId> tables = new LinkedHashSet<>();
            List<String> after = new ArrayList<>();
            for (TypeName type : types) {
                TypeCopyPlan plan = copies.plan(type, state.divergence().hidden());
                before.addAll(plan.before());
                tables.addAll(plan.tables());
                after.addAll(plan.after());
            }
            return new TypeCopyPlan(before, tables, after);
        });
    }

    /** CREATE SCHEMA needs CREATE on the database, on a branch as on a copy. */
    private static void mayCreateSchemas(Connection c, String clientRole) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT has_database_privilege(?, current_database(),"
                + " 'CREATE'), current_database()")) {
            ps.setString(1, clientRole);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    throw new OverlayException("42501", "permission denied for database " + rs.getString(2));
                }
            }
        }
    }

    private static boolean schemaExists(Connection c, String schema) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_namespace WHERE nspname = ?")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
