package dev.rift.cow.ddl;

import dev.rift.cow.Quote;
import dev.rift.cow.TableId;
import dev.rift.cow.shape.Column;
import dev.rift.cow.shape.ForeignKey;
import dev.rift.cow.shape.SequenceRef;
import dev.rift.cow.shape.SequenceShape;
import dev.rift.cow.shape.PartitionMember;
import dev.rift.cow.shape.TableShape;
import dev.rift.cow.shape.UniqueKey;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The SQL that turns upstream tables into own tables of a branch's top layer (docs/ddl.md, "Materialization"), to
 * run in the client's transaction before the DDL that needed it: for each table, a real table of the same name in
 * the layer's own schema with the same columns, defaults, identity, checks, keys, indexes, exclusion constraints,
 * triggers (in their enabled state) and comments, filled from what the branch reads; its own sequences standing where the branch's stood; then the foreign keys among them
 * (the caller passes every table linked by a foreign key, so each one is real); then rift's bookkeeping: the
 * layer's delta of each table dropped, the upstream table and the sequences it owns hidden.
 *
 * <p>Reads the catalog on the caller's connection, inside a transaction where {@code search_path} is empty so every
 * printed name is qualified ({@code TableShapeReader.qualifyNames}).
 */
public final class Materialization {
    private final Connection connection;
    private final LayerNames layer;
    private final Function<TableId, String> readRelation;
    private final Function<SequenceRef, String> currentSequence;
    private final Map<Long, String> deltas;

    /**
     * @param readRelation    where the branch reads a table now (its merged relation, or the upstream table)
     * @param currentSequence the relation holding the branch's current position of a sequence
     * @param deltas          the top layer's data tables by upstream relid (dropped once materialized)
     */
    public Materialization(Connection connection, LayerNames layer, Function<TableId, String> readRelation,
                           Function<SequenceRef, String> currentSequence, Map<Long, String> deltas) {
        this.connection = connection;
        this.layer = layer;
        this.readRelation = readRelation;
        this.currentSequence = currentSequence;
        this.deltas = deltas;
    }

    public List<String> statements(List<TableShape> tables) throws SQLException {
        List<String> sql = new ArrayList<>();
        Set<Long> done = new HashSet<>();
        for (TableShape t : tables) {
            if (done.contains(t.relid())) {
                continue;
            }
            if (t.partitions().isPresent()) {
                tree(t.partitions().get(), tables, sql);
                done.addAll(t.partitions().get().tree());
            } else {
                table(t, sql);
            }
        }
        for (TableShape t : tables) {
            for (ForeignKey fk : t.outgoing()) {
                sql.add("ALTER TABLE " + own(t.id()) + " ADD CONSTRAINT " + Quote.ident(fk.name()) + " "
                        + foreignKeyDefinition(fk));
            }
        }
        for (TableShape t : tables) {
            String delta = deltas.get(t.relid());
            if (delta != null) {
                sql.add("SELECT rift.drop_layer_table(" + layer.layer() + ", " + t.relid() + ", "
                        + Quote.literal(delta) + ")");
            }
            sql.add("SELECT rift.hide(" + layer.layer() + ", " + t.relid() + ")");
        }
        return sql;
    }

    private String own(TableId id) {
        return Quote.ident(layer.ownObjectSchema(id.schema())) + "." + Quote.ident(id.name());
    }

    private void table(TableShape t, List<String> sql) throws SQLException {
        create(t, "", sql);
        fill(t, sql);
    }

    /**
     * A partition tree (every member of which is among {@code tables}): the root as a table, each partition of its
     * own parent with the upstream's bound, every partitioned one by the upstream's key; then the fill through
     * the root, and what a partition has of its own (indexes, triggers, comments) after it.
     */
    private void tree(PartitionMember p, List<TableShape> tables, List<String> sql) throws SQLException {
        Map<Long, TableShape> members = new HashMap<>();
        tables.forEach(t -> members.put(t.relid(), t));
        for (long r : p.tree()) {
            TableShape t = members.get(r);
            PartitionMember m = t.partitions().orElseThrow();
            String partitionBy = m.key() == null ? "" : " PARTITION BY " + m.key();
            if (m.parent().isEmpty()) {
                create(t, partitionBy, sql);
            } else {
                sql.add("CREATE TABLE " + own(t.id()) + " PARTITION OF " + own(members.get(m.parent().get()).id())
                        + " " + m.bound() + partitionBy);
            }
        }
        fill(members.get(p.root()), sql);
        for (long r : p.tree().subList(1, p.tree().size())) {
            TableShape t = members.get(r);
            sql.addAll(WholeCopyDdl.afterFill(connection, t, own(t.id()), Set.of()));
            comment(t.relid()).ifPresent(text -> sql.add("COMMENT ON TABLE " + own(t.id()) + " IS "
                    + Quote.literal(text)));
        }
    }

    private void create(TableShape t, String partitionBy, List<String> sql) throws SQLException {
        String own = own(t.id());
        sql.add("CREATE TABLE " + own + " (LIKE " + t.id().sql() + " INCLUDING COMMENTS INCLUDING CONSTRAINTS"
                + " INCLUDING DEFAULTS INCLUDING GENERATED INCLUDING STORAGE INCLUDING STATISTICS)" + partitionBy);
        for (Column c : t.columns()) {
            for (SequenceRef ref : c.defaultSequences()) {
                String seq = ownSequence(ref, sql);
                sql.add("ALTER TABLE " + own + " ALTER COLUMN " + Quote.ident(c.name()) + " SET DEFAULT "
                        + c.defaultExpr().replace(Quote.literal(ref.regclass()) + "::regclass",
                        Quote.literal(seq) + "::regclass"));
                if (ownedBy(ref.relid(), t.relid(), c.attnum())) {
                    sql.add("ALTER SEQUENCE " + seq + " OWNED BY " + own + "." + Quote.ident(c.name()));
                }
            }
            if (c.isIdentity()) {
                SequenceRef ref = c.identitySequence().orElseThrow();
                String seq = Quote.ident(layer.ownObjectSchema(ref.id().schema())) + "." + Quote.ident(ref.id().name());
                SequenceShape shape = SequenceShape.read(connection, ref.id().sql());
                sql.add("ALTER TABLE " + own + " ALTER COLUMN " + Quote.ident(c.name()) + " ADD "
                        + SequenceCopyDdl.identity(seq, shape, c.isIdentityAlways()));
                sql.add(position(seq, ref));
            }
        }
    }

    private void fill(TableShape t, List<String> sql) throws SQLException {
        String own = own(t.id());
        List<String> insertable = t.insertableColumns().stream().map(Column::name).toList();
        sql.add("INSERT INTO " + own + " (" + Plpgsql.columns(null, insertable) + ")"
                + (t.hasIdentityAlways() ? " OVERRIDING SYSTEM VALUE" : "")
                + " SELECT " + Plpgsql.columns("b", insertable) + " FROM " + readRelation.apply(t.id()) + " AS b");
        Optional<UniqueKey> pk = t.primaryKey();
        pk.ifPresent(k -> sql.add("ALTER TABLE " + own + " ADD CONSTRAINT " + Quote.ident(k.name()) + " "
                + k.definition()));
        for (UniqueKey u : t.uniqueKeys()) {
            if (u.isConstraint()) {
                sql.add("ALTER TABLE " + own + " ADD CONSTRAINT " + Quote.ident(u.name()) + " " + u.definition());
            }
        }
        // Indexes, exclusion constraints and triggers as on a whole copy, the triggers after the fill so it fires none.
        sql.addAll(WholeCopyDdl.afterFill(connection, t, own, Set.of()));
        comment(t.relid()).ifPresent(text -> sql.add("COMMENT ON TABLE " + own + " IS " + Quote.literal(text)));
    }

    /** A stand-alone upstream sequence made the branch's own (same name, where the branch's stood), then hidden. */
    public List<String> sequence(SequenceRef ref) throws SQLException {
        List<String> sql = new ArrayList<>();
        ownSequence(ref, sql);
        sql.add("SELECT rift.hide(" + layer.layer() + ", " + ref.relid() + ")");
        return sql;
    }

    /** An own sequence for a serial column, named as upstream and standing where the branch's stood. */
    private String ownSequence(SequenceRef ref, List<String> sql) throws SQLException {
        String seq = Quote.ident(layer.ownObjectSchema(ref.id().schema())) + "." + Quote.ident(ref.id().name());
        SequenceShape shape = SequenceShape.read(connection, ref.id().sql());
        sql.add("CREATE SEQUENCE " + seq + " AS " + shape.type() + " " + shape.options());
        sql.add(position(seq, ref));
        return seq;
    }

    private String position(String seq, SequenceRef ref) {
        return "SELECT setval(" + Quote.literal(seq) + "::regclass, v.last_value, v.is_called) FROM "
                + currentSequence.apply(ref) + " AS v";
    }

    private boolean ownedBy(long sequence, long table, int attnum) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT 1 FROM pg_depend WHERE classid ="
                + " 'pg_class'::regclass AND objid = ? AND refobjid = ? AND refobjsubid = ? AND deptype = 'a'")) {
            ps.setLong(1, sequence);
            ps.setLong(2, table);
            ps.setInt(3, attnum);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private Optional<String> comment(long relid) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT obj_description(?::oid, 'pg_class')")) {
            ps.setLong(1, relid);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return Optional.ofNullable(rs.getString(1));
            }
        }
    }

    private String foreignKeyDefinition(ForeignKey fk) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT pg_get_constraintdef(k.oid), k.confrelid::regclass::text FROM pg_constraint k WHERE k.oid = ?")) {
            ps.setLong(1, fk.oid());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                String def = rs.getString(1);
                String references = " REFERENCES " + rs.getString(2) + "(";
                int at = def.indexOf(references);
                if (at < 0) {
                    throw new SQLException("cannot re-create foreign key " + fk.name() + ": " + def, "0A000");
                }
                return def.substring(0, at) + " REFERENCES " + own(fk.parent()) + "("
                        + def.substring(at + references.length());
            }
        }
    }
}
