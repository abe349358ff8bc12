package dev.rift.router.sql;

import dev.rift.cow.BranchState;
import dev.rift.cow.Overlay;
import dev.rift.cow.MaterializationPlan;
import dev.rift.cow.OverlayException;
import dev.rift.cow.RelationKind;
import dev.rift.cow.SchemaDivergence;
import dev.rift.cow.TableId;
import dev.rift.cow.UpstreamCatalog;
import dev.rift.cow.WriteTarget;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The overlay engine as the router uses it, for one branch whose layer objects already exist under the names the
 * engine would give them (a fake of rift's own {@link Overlay}; with {@link OverlayDatabase} the same names exist
 * in a real PostgreSQL). A table "enters the layer" on its first {@link #prepareWrite}, which moves the branch
 * to a new version, as the engine does.
 */
final class FakeOverlay implements Overlay {
    private final FakeUpstream upstream;
    private final Map<TableId, WriteTarget> targets = new HashMap<>();
    private final Map<TableId, String> merged = new HashMap<>();
    private final Map<TableId, String> sequenceCopies = new HashMap<>();
    private final Set<TableId> inLayer = new HashSet<>();
    private final Set<TableId> sequencesInLayer = new HashSet<>();
    private final Map<String, String> ownSchemas = new HashMap<>();
    private final Map<TableId, RelationKind> ownRelations = new HashMap<>();
    private final Set<TableId> ownTypes = new HashSet<>();
    private final Set<TableId> ownFunctions = new HashSet<>();
    private boolean schemaChanges;
    private long version = 1;
    private int prepareWrites;
    private int prepareSequences;

    FakeOverlay(FakeUpstream upstream) {
        this.upstream = upstream;
    }

    /** A table the branch can write: where its delta or copy lives and which relation reads use once it does. */
    FakeOverlay writable(WriteTarget target, String mergedRelation) {
        targets.put(target.table(), target);
        merged.put(target.table(), mergedRelation);
        return this;
    }

    FakeOverlay sequence(TableId sequence, String copy) {
        sequenceCopies.put(sequence, copy);
        return this;
    }

    /** Marks {@code table} as changed on the branch already (it has a layer entry). */
    FakeOverlay changed(TableId table) {
        if (!merged.containsKey(table)) {
            throw new IllegalArgumentException("no layer relation for " + table);
        }
        inLayer.add(table);
        version++;
        return this;
    }

    /**
     * Lets the branch change its schema as the engine does (docs/ddl.md): an own schema {@code rift_o1_<schema>}
     * for each upstream schema DDL needs, and materialization as a plan of marker statements.
     */
    FakeOverlay schemaChanges() {
        schemaChanges = true;
        return this;
    }

    /** A relation the branch made itself (committed), in the own schema of its logical schema. */
    FakeOverlay ownRelation(TableId relation, RelationKind kind) {
        schemaChanges();
        ownSchemas.putIfAbsent(relation.schema(), "rift_o1_" + relation.schema());
        ownRelations.put(relation, kind);
        version++;
        return this;
    }

    /** A type the branch made itself (committed). */
    FakeOverlay ownType(TableId type) {
        return ownObject(ownTypes, type);
    }

    /** A function or procedure the branch made itself (committed). */
    FakeOverlay ownFunction(TableId function) {
        return ownObject(ownFunctions, function);
    }

    private FakeOverlay ownObject(Set<TableId> objects, TableId object) {
        schemaChanges();
        ownSchemas.putIfAbsent(object.schema(), "rift_o1_" + object.schema());
        objects.add(object);
        version++;
        return this;
    }

    int prepareWrites() {
        return prepareWrites;
    }

    int prepareSequences() {
        return prepareSequences;
    }

    @Override
    public BranchState state(String branch) {
        Map<TableId, String> reads = new HashMap<>();
        inLayer.forEach(t -> reads.put(t, merged.get(t)));
        Map<TableId, String> sequences = new HashMap<>();
        sequencesInLayer.forEach(s -> sequences.put(s, sequenceCopies.get(s)));
        long v = version;
        SchemaDivergence divergence = new SchemaDivergence(ownSchemas, ownRelations, ownTypes, Set.of(), 0,
                ownFunctions);
        return new BranchState() {
            @Override
            public String branch() {
                return branch;
            }

            @Override
            public long version() {
                return v;
            }

            @Override
            public Optional<String> readRelation(TableId table) {
                return Optional.ofNullable(reads.get(table));
            }

            @Override
            public Optional<String> sequence(TableId sequence) {
                return Optional.ofNullable(sequences.get(sequence));
            }

            @Override
            public boolean isEmpty() {
                return reads.isEmpty() && sequences.isEmpty() && divergence.isEmpty();
            }

            @Override
            public java.util.List<Long> stack() {
                return java.util.List.of(1L);
            }

            @Override
            public SchemaDivergence divergence() {
                return divergence;
            }
        };
    }

    @Override
    public UpstreamCatalog catalog() {
        return upstream;
    }

    @Override
    public WriteTarget prepareWrite(String branch, TableId table) {
        prepareWrites++;
        WriteTarget target = targets.get(table);
        if (target == null) {
            throw new OverlayException("0A000", "table " + table + " cannot be written on an overlay branch");
        }
        if (inLayer.add(table)) {
            version++;
        }
        return target;
    }

    @Override
    public String prepareSequence(String branch, TableId sequence) {
        prepareSequences++;
        String copy = sequenceCopies.get(sequence);
        if (copy == null) {
            throw new OverlayException("0A000", "sequence " + sequence + " cannot be copied");
        }
        if (sequencesInLayer.add(sequence)) {
            version++;
        }
        return copy;
    }

    @Override
    public void prepareOwnSchemas(String branch, List<String> logicalSchemas) {
        if (!schemaChanges) {
            return; // the fake branch holds no own objects unless a test asks for schema changes
        }
        for (String logical : logicalSchemas) {
            if (upstream.schemaExists(logical) && ownSchemas.putIfAbsent(logical, "rift_o1_" + logical) == null) {
                version++;
            }
        }
    }

    @Override
    public String sessionRole(String branch, String clientRole) {
        return "rift_session_" + clientRole;
    }

    @Override
    public void createBranchSchema(String branch, String logicalSchema, String clientRole) {
        if (!schemaChanges) {
            throw new OverlayException("0A000", "the fake overlay has no schema changes");
        }
        if (!upstream.schemaExists(logicalSchema)
                && ownSchemas.putIfAbsent(logicalSchema, "rift_o1_" + logicalSchema) == null) {
            version++;
        }
    }

    @Override
    public dev.rift.cow.TypeCopyPlan copyTypes(String branch, List<dev.rift.cow.TypeName> types) {
        List<String> before = new java.util.ArrayList<>();
        types.forEach(t -> before.add("SELECT copy_type(" + dev.rift.cow.Quote.literal(t.name()) + ")"));
        return new dev.rift.cow.TypeCopyPlan(before, Set.of(), List.of());
    }

    @Override
    public MaterializationPlan materialize(String branch, Set<TableId> tables, Set<TableId> sequences) {
        if (!schemaChanges) {
            throw new OverlayException("0A000", "the fake overlay has no schema changes");
        }
        List<String> statements = new java.util.ArrayList<>();
        tables.forEach(t -> statements.add("SELECT materialize_table(" + dev.rift.cow.Quote.literal(t.sql()) + ")"));
        sequences.forEach(s -> statements.add("SELECT materialize_sequence(" + dev.rift.cow.Quote.literal(s.sql())
                + ")"));
        return new MaterializationPlan(statements, List.copyOf(tables), List.copyOf(sequences));
    }
}
