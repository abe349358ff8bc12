package dev.rift.cow.ddl;

import dev.rift.cow.OverlayException;
import dev.rift.cow.Quote;
import dev.rift.cow.shape.SequenceShape;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A branch's own objects live in its top layer only (docs/ddl.md, "Branches of branches"). When that layer is frozen
 * under a child, each layer made on it (the parent's new top, the child's, a reset's) starts with a copy of the
 * frozen layer's own schemas: enum, composite and domain types, sequences standing where they stood, tables with
 * their rows, foreign keys, views; the frozen originals stay as the snapshot a reset copies again. The copy costs
 * time and space proportional to those tables' rows.
 *
 * <p>Reads the catalog on the caller's connection, in a transaction whose {@code search_path} is empty (so every
 * name PostgreSQL prints is qualified and can be moved to the new layer's schemas). What it cannot copy faithfully
 * it refuses with 0A000, naming the object, before anything runs.
 */
public final class OwnObjectCopy {
    private final Connection c;
    private final long from;
    private final LayerNames to;

    private record Relation(long oid, String schema, String name, String logical) {
        String source() {
            return Quote.ident(schema) + "." + Quote.ident(name);
        }
    }

    public OwnObjectCopy(Connection c, long fromLayer, long toLayer) {
        this.c = c;
        this.from = fromLayer;
        this.to = new LayerNames(toLayer);
    }

    /** The statements that make the copy, registration of the new own schemas included; empty when none. */
    public List<String> statements() throws SQLException {
        Map<String, String> logicalOf = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT physical_schema, logical_schema FROM rift.layer_schemas"
                + " WHERE layer_id = ? ORDER BY logical_schema")) {
            ps.setLong(1, from);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    logicalOf.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        if (logicalOf.isEmpty()) {
            return List.of();
        }
        Map<String, String> targets = new LinkedHashMap<>();
        logicalOf.forEach((physical, logical) -> targets.put(physical, to.ownObjectSchema(logical)));
        OwnSchemaRemap remap = new OwnSchemaRemap(c, targets);
        List<String> sql = new ArrayList<>();
        for (Map.Entry<String, String> e : logicalOf.entrySet()) {
            String target = Quote.ident(targets.get(e.getKey()));
            sql.add("INSERT INTO rift.layer_schemas (layer_id, logical_schema, physical_schema) VALUES ("
                    + to.layer() + ", " + Quote.literal(e.getValue()) + ", " + Quote.literal(targets.get(e.getKey()))
                    + ")");
            sql.add("CREATE SCHEMA " + target);
        }
        Array schemas = c.createArrayOf("text", logicalOf.keySet().toArray());
        new OwnTypeCopy(c, remap).types(schemas, logicalOf, sql);
        refuseOtherRelations(schemas, logicalOf);
        refuseRoutines(schemas, logicalOf);
        List<Relation> sequences = relations(schemas, logicalOf, "S");
        Set<Long> identity = identitySequences(sequences);
        for (Relation s : sequences) {
            if (!identity.contains(s.oid())) {
                sequence(s, remap, sql);
            }
        }
        OwnTableCopy tables = new OwnTableCopy(c, remap);
        List<Relation> tableList = relations(schemas, logicalOf, "r");
        for (Relation t : tableList) {
            sql.addAll(tables.table(t.oid(), t.schema(), t.name(), t.logical()));
        }
        for (Relation t : tableList) {
            sql.addAll(tables.foreignKeys(t.oid(), t.schema(), t.name(), t.logical()));
        }
        for (Relation s : sequences) {
            if (!identity.contains(s.oid())) {
                ownedBy(s, remap, sql);
            }
        }
        for (Relation v : dependenciesFirst(relations(schemas, logicalOf, "v"))) {
            view(v, remap, sql);
        }
        return sql;
    }

    private List<Relation> relations(Array schemas, Map<String, String> logicalOf, String kind) throws SQLException {
        List<Relation> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT c.oid, n.nspname, c.relname FROM pg_class c"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ANY (?) AND c.relkind = ?::\"char\""
                + " ORDER BY c.oid")) {
            ps.setArray(1, schemas);
            ps.setString(2, kind);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Relation(rs.getLong(1), rs.getString(2), rs.getString(3),
                            logicalOf.get(rs.getString(2)) + "." + rs.getString(3)));
                }
            }
        }
        return out;
    }

    /** Functions and procedures the branch made: no copy of their own yet (defaults and views may call them). */
    private void refuseRoutines(Array schemas, Map<String, String> logicalOf) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT n.nspname, p.proname FROM pg_proc p"
                + " JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = ANY (?) ORDER BY p.oid LIMIT 1")) {
            ps.setArray(1, schemas);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    throw new OverlayException("0A000", "cannot create a branch from a branch with its own function "
                            + logicalOf.get(rs.getString(1)) + "." + rs.getString(2) + ": rift cannot copy a function"
                            + " or procedure to the new branch yet");
                }
            }
        }
    }

    /** Materialized views, partitioned and foreign tables: no copy of their own yet. */
    private void refuseOtherRelations(Array schemas, Map<String, String> logicalOf) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT n.nspname, c.relname, c.relkind::text FROM pg_class c"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ANY (?)"
                + " AND c.relkind IN ('m', 'p', 'f') ORDER BY c.oid LIMIT 1")) {
            ps.setArray(1, schemas);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    String kind = switch (rs.getString(3)) {
                        case "m" -> "materialized view";
                        case "p" -> "partitioned table";
                        default -> "foreign table";
                    };
                    throw new OverlayException("0A000", "cannot create a branch from a branch with its own " + kind
                            + " " + logicalOf.get(rs.getString(1)) + "." + rs.getString(2) + ": rift cannot copy"
                            + " a " + kind + " to the new branch yet");
                }
            }
        }
    }

    private Set<Long> identitySequences(List<Relation> sequences) throws SQLException {
        Set<Long> out = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT objid::bigint FROM pg_depend"
                + " WHERE classid = 'pg_class'::regclass AND deptype = 'i' AND objid = ANY (?)")) {
            ps.setArray(1, c.createArrayOf("bigint", sequences.stream().map(Relation::oid).toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
        }
        return out;
    }

    private void sequence(Relation s, OwnSchemaRemap remap, List<String> sql) throws SQLException {
        String copy = Quote.ident(remap.target(s.schema())) + "." + Quote.ident(s.name());
        sql.addAll(SequenceCopyDdl.create(copy, SequenceShape.read(c, s.source())));
        commentAndOwner(s.oid(), "SEQUENCE", copy, sql);
    }

    /** A serial column's sequence belongs to the copy of its column again. */
    private void ownedBy(Relation s, OwnSchemaRemap remap, List<String> sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT n.nspname, t.relname, a.attname FROM pg_depend d"
                + " JOIN pg_class t ON t.oid = d.refobjid JOIN pg_namespace n ON n.oid = t.relnamespace"
                + " JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid"
                + " WHERE d.classid = 'pg_class'::regclass AND d.objid = ? AND d.refclassid = 'pg_class'::regclass"
                + " AND d.deptype = 'a'")) {
            ps.setLong(1, s.oid());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next() && remap.target(rs.getString(1)) != null) {
                    sql.add("ALTER SEQUENCE " + Quote.ident(remap.target(s.schema())) + "." + Quote.ident(s.name())
                            + " OWNED BY " + Quote.ident(remap.target(rs.getString(1))) + "."
                            + Quote.ident(rs.getString(2)) + "." + Quote.ident(rs.getString(3)));
                }
            }
        }
    }

    private void view(Relation v, OwnSchemaRemap remap, List<String> sql) throws SQLException {
        String copy = Quote.ident(remap.target(v.schema())) + "." + Quote.ident(v.name());
        ViewDefinition def = ViewDefinition.read(c, v.oid());
        sql.add(def.create(copy, remap.apply(def.query(), "view " + v.logical())));
        try (PreparedStatement ps = c.prepareStatement("SELECT a.attname, col_description(a.attrelid, a.attnum),"
                + " pg_get_expr(d.adbin, d.adrelid) FROM pg_attribute a LEFT JOIN pg_attrdef d"
                + " ON d.adrelid = a.attrelid AND d.adnum = a.attnum WHERE a.attrelid = ? AND a.attnum > 0"
                + " ORDER BY a.attnum")) {
            ps.setLong(1, v.oid());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (rs.getString(3) != null) {
                        sql.add("ALTER VIEW " + copy + " ALTER COLUMN " + Quote.ident(rs.getString(1))
                                + " SET DEFAULT " + remap.apply(rs.getString(3), "view " + v.logical()));
                    }
                    if (rs.getString(2) != null) {
                        sql.add("COMMENT ON COLUMN " + copy + "." + Quote.ident(rs.getString(1)) + " IS "
                                + Quote.literal(rs.getString(2)));
                    }
                }
            }
        }
        commentAndOwner(v.oid(), "VIEW", copy, sql);
    }

    private void commentAndOwner(long oid, String kind, String copy, List<String> sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT obj_description(c.oid, 'pg_class'),"
                + " pg_get_userbyid(c.relowner) <> current_user, quote_ident(pg_get_userbyid(c.relowner))"
                + " FROM pg_class c WHERE c.oid = ?")) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getString(1) != null) {
                    sql.add("COMMENT ON " + kind + " " + copy + " IS " + Quote.literal(rs.getString(1)));
                }
                if (rs.getBoolean(2)) {
                    sql.add("ALTER " + kind + " " + copy + " OWNER TO " + rs.getString(3));
                }
            }
        }
    }

    /** Views ordered so that each comes after the views it reads (creation order otherwise). */
    private List<Relation> dependenciesFirst(List<Relation> views) throws SQLException {
        Map<Long, Set<Long>> reads = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT r.ev_class::bigint, d.refobjid::bigint"
                + " FROM pg_rewrite r JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid"
                + " WHERE r.ev_class = ANY (?) AND d.refobjid = ANY (?) AND d.refobjid <> r.ev_class")) {
            Array oids = c.createArrayOf("bigint", views.stream().map(Relation::oid).toArray());
            ps.setArray(1, oids);
            ps.setArray(2, oids);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    reads.computeIfAbsent(rs.getLong(1), k -> new HashSet<>()).add(rs.getLong(2));
                }
            }
        }
        Map<Long, Relation> byOid = new LinkedHashMap<>();
        views.forEach(v -> byOid.put(v.oid(), v));
        List<Relation> out = new ArrayList<>();
        Set<Long> placed = new HashSet<>();
        for (Relation v : views) {
            place(v.oid(), byOid, reads, placed, new HashSet<>(), out);
        }
        return out;
    }

    private static void place(long oid, Map<Long, Relation> byOid, Map<Long, Set<Long>> reads, Set<Long> placed,
                              Set<Long> visiting, List<Relation> out) {
        if (placed.contains(oid) || !visiting.add(oid)) {
            return;
        }
        for (long read : reads.getOrDefault(oid, Set.of())) {
            place(read, byOid, reads, placed, visiting, out);
        }
        placed.add(oid);
        out.add(byOid.get(oid));
    }
}
