package dev.rift.cow.shape;

import dev.rift.cow.OverlayException;
import dev.rift.cow.RelationKind;
import dev.rift.cow.TableId;
import dev.rift.storage.catalog.UpstreamGuard;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads a {@link TableShape} from the upstream's catalogs. Expressions, types and sequence names are printed with
 * an empty {@code search_path}, so every user object comes schema-qualified and the text means the same in a layer's
 * schema; the reader sets that for the caller's transaction (call it inside one).
 */
public final class TableShapeReader {

    private static final String KEY_NAMES = "ARRAY(SELECT a.attname FROM unnest(%1$s) WITH ORDINALITY k(n, i)"
            + " JOIN pg_attribute a ON a.attrelid = %2$s AND a.attnum = k.n ORDER BY k.i)";
    private static final String QUOTED_KEY_NAMES = "ARRAY(SELECT quote_ident(a.attname) FROM unnest(%1$s)"
            + " WITH ORDINALITY k(n, i) JOIN pg_attribute a ON a.attrelid = %2$s AND a.attnum = k.n ORDER BY k.i)";
    /** {@code indnullsnotdistinct} exists from PostgreSQL 15 on; through jsonb it reads as false before. */
    private static final String NULLS_NOT_DISTINCT = "coalesce((to_jsonb(ix) ->> 'indnullsnotdistinct')::boolean, false)";

    private TableShapeReader() {}

    /** Qualifies everything printed in the rest of the caller's transaction. */
    public static void qualifyNames(Connection c) throws SQLException {
        if (c.getAutoCommit()) {
            throw new IllegalStateException("read table shapes inside a transaction");
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT set_config('search_path', '', true)")) {
            ps.execute();
        }
    }

    /** The oid of an upstream relation, or empty when it does not exist. */
    public static OptionalLong relid(Connection c, TableId id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT c.oid FROM pg_class c JOIN pg_namespace n"
                + " ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relname = ?")) {
            ps.setString(1, id.schema());
            ps.setString(2, id.name());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            }
        }
    }

    public static TableShape read(Connection c, long relid) throws SQLException {
        qualifyNames(c);
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT n.nspname, c.relname, c.relkind::text, c.relispartition,"
                        + " EXISTS (SELECT 1 FROM pg_inherits i WHERE i.inhrelid = c.oid) AND NOT c.relispartition,"
                        + " EXISTS (SELECT 1 FROM pg_inherits i WHERE i.inhparent = c.oid) AND c.relkind <> 'p',"
                        + " EXISTS (SELECT 1 FROM pg_trigger t WHERE t.tgrelid = c.oid AND NOT t.tgisinternal"
                        + " AND t.tgname <> '" + UpstreamGuard.TRIGGER + "'),"
                        + " c.relhasrules, c.relrowsecurity, coalesce((SELECT string_agg(quote_ident(t.tgname)"
                        + " || ' (' || t.tgfoid::regproc::text || ')', ', ' ORDER BY t.tgname) FROM pg_trigger t"
                        + " JOIN pg_proc p ON p.oid = t.tgfoid WHERE t.tgrelid = c.oid AND NOT t.tgisinternal"
                        + " AND p.prosecdef), '')"
                        + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = ?")) {
            ps.setLong(1, relid);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new OverlayException("42P01", "relation with oid " + relid + " does not exist");
                }
                TableId id = new TableId(rs.getString(1), rs.getString(2));
                RelationKind kind = RelationKind.of(rs.getString(3).charAt(0));
                TableShape.Flags flags = new TableShape.Flags(rs.getBoolean(4), rs.getBoolean(5), rs.getBoolean(6),
                        rs.getBoolean(7), rs.getBoolean(8), rs.getBoolean(9), rs.getString(10));
                List<String> unsupported = new ArrayList<>();
                List<UniqueKey> keys = new ArrayList<>();
                List<CheckConstraint> checks = new ArrayList<>();
                readConstraints(c, relid, keys, checks, unsupported);
                readUniqueIndexes(c, relid, keys, unsupported);
                readCodeUpserts(c, relid, unsupported);
                Optional<UniqueKey> pk = keys.stream().filter(UniqueKey::primary).findFirst();
                List<UniqueKey> uniques = keys.stream().filter(k -> !k.primary()).toList();
                List<ForeignKey> fks = readForeignKeys(c, relid);
                return new TableShape(relid, id, kind, readColumns(c, relid), pk, uniques, checks,
                        fks.stream().filter(f -> f.childRelid() == relid).toList(),
                        fks.stream().filter(f -> f.parentRelid() == relid).toList(), flags, unsupported,
                        readPartitions(c, relid, kind == RelationKind.PARTITIONED_TABLE || flags.partition()));
            }
        }
    }

    private static List<Column> readColumns(Connection c, long relid) throws SQLException {
        Map<Integer, List<SequenceRef>> defaults = new HashMap<>();
        Map<Integer, SequenceRef> identities = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT 'default', d.adnum, s.oid, sn.nspname, s.relname, s.oid::regclass::text"
                        + " FROM pg_attrdef d JOIN pg_depend dep ON dep.classid = 'pg_attrdef'::regclass"
                        + " AND dep.objid = d.oid AND dep.refclassid = 'pg_class'::regclass"
                        + " JOIN pg_class s ON s.oid = dep.refobjid AND s.relkind = 'S'"
                        + " JOIN pg_namespace sn ON sn.oid = s.relnamespace WHERE d.adrelid = ?"
                        + " UNION ALL SELECT 'identity', dep.refobjsubid, s.oid, sn.nspname, s.relname,"
                        + " s.oid::regclass::text FROM pg_depend dep"
                        + " JOIN pg_class s ON s.oid = dep.objid AND s.relkind = 'S'"
                        + " JOIN pg_namespace sn ON sn.oid = s.relnamespace"
                        + " WHERE dep.classid = 'pg_class'::regclass AND dep.refclassid = 'pg_class'::regclass"
                        + " AND dep.refobjid = ? AND dep.deptype = 'i'")) {
            ps.setLong(1, relid);
            ps.setLong(2, relid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    SequenceRef ref = new SequenceRef(rs.getLong(3), new TableId(rs.getString(4), rs.getString(5)),
                            rs.getString(6));
                    if (rs.getString(1).equals("identity")) {
                        identities.put(rs.getInt(2), ref);
                    } else {
                        defaults.computeIfAbsent(rs.getInt(2), k -> new ArrayList<>()).add(ref);
                    }
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT a.attnum, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,"
                        + " pg_get_expr(d.adbin, d.adrelid), a.attidentity::text, a.attgenerated::text,"
                        + " CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation"
                        + " THEN quote_ident(cn.nspname) || '.' || quote_ident(co.collname) END"
                        + " FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid"
                        + " LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
                        + " LEFT JOIN pg_collation co ON co.oid = a.attcollation"
                        + " LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace"
                        + " WHERE a.attrelid = ? AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum")) {
            ps.setLong(1, relid);
            try (ResultSet rs = ps.executeQuery()) {
                List<Column> out = new ArrayList<>();
                while (rs.next()) {
                    int attnum = rs.getInt(1);
                    out.add(new Column(attnum, rs.getString(2), rs.getString(3), rs.getString(8), rs.getBoolean(4),
                            rs.getString(5), flag(rs.getString(6)), flag(rs.getString(7)),
                            defaults.getOrDefault(attnum, List.of()), Optional.ofNullable(identities.get(attnum))));
                }
                return out;
            }
        }
    }

    private static void readConstraints(Connection c, long relid, List<UniqueKey> keys, List<CheckConstraint> checks,
                                        List<String> unsupported) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT con.conname, con.contype::text, pg_get_constraintdef(con.oid), "
                        + KEY_NAMES.formatted("con.conkey", "con.conrelid") + ", "
                        + QUOTED_KEY_NAMES.formatted("con.conkey", "con.conrelid") + ", " + NULLS_NOT_DISTINCT
                        + " FROM pg_constraint con LEFT JOIN pg_index ix ON ix.indexrelid = con.conindid"
                        + " WHERE con.conrelid = ? AND con.contype IN ('p', 'u', 'c', 'x') ORDER BY con.conname")) {
            ps.setLong(1, relid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    switch (rs.getString(2)) {
                        case "p", "u" -> keys.add(new UniqueKey(name, rs.getString(2).equals("p"),
                                strings(rs.getArray(4)), String.join(", ", strings(rs.getArray(5))),
                                rs.getString(3), rs.getBoolean(6)));
                        case "c" -> checks.add(new CheckConstraint(name, rs.getString(3)));
                        default -> unsupported.add("it has the exclusion constraint \"" + name + "\"");
                    }
                }
            }
        }
    }

    private static void readUniqueIndexes(Connection c, long relid, List<UniqueKey> keys, List<String> unsupported)
            throws SQLException {
        String keyAttnums = "(ix.indkey::int2[])[0:ix.indnkeyatts - 1]";
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT ic.relname, ix.indexprs IS NOT NULL OR ix.indpred IS NOT NULL, "
                        + KEY_NAMES.formatted(keyAttnums, "ix.indrelid") + ", "
                        + QUOTED_KEY_NAMES.formatted(keyAttnums, "ix.indrelid") + ", " + NULLS_NOT_DISTINCT
                        + " FROM pg_index ix JOIN pg_class ic ON ic.oid = ix.indexrelid"
                        + " WHERE ix.indrelid = ? AND ix.indisunique AND NOT EXISTS (SELECT 1 FROM pg_constraint con"
                        + " WHERE con.conindid = ix.indexrelid AND con.conrelid = ix.indrelid) ORDER BY ic.relname")) {
            ps.setLong(1, relid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (rs.getBoolean(2)) {
                        unsupported.add("its unique index \"" + rs.getString(1)
                                + "\" is on expressions or partial");
                    } else {
                        keys.add(new UniqueKey(rs.getString(1), false, strings(rs.getArray(3)),
                                String.join(", ", strings(rs.getArray(4))), null, rs.getBoolean(5)));
                    }
                }
            }
        }
    }

    /** The tree of a partitioned table or partition, root first and each parent before its partitions. */
    private static Optional<PartitionMember> readPartitions(Connection c, long relid, boolean member)
            throws SQLException {
        if (!member) {
            return Optional.empty();
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT ARRAY(SELECT t.relid::oid::bigint"
                + " FROM pg_partition_tree(pg_partition_root(c.oid)) t ORDER BY t.level, t.relid::oid),"
                + " (SELECT i.inhparent::bigint FROM pg_inherits i WHERE i.inhrelid = c.oid),"
                + " pg_get_expr(c.relpartbound, c.oid), pg_get_partkeydef(c.oid) FROM pg_class c WHERE c.oid = ?")) {
            ps.setLong(1, relid);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                List<Long> tree = List.of((Long[]) rs.getArray(1).getArray());
                long parent = rs.getLong(2);
                return Optional.of(new PartitionMember(tree, rs.wasNull() ? Optional.empty() : Optional.of(parent),
                        rs.getString(3), rs.getString(4)));
            }
        }
    }

    /**
     * Code in the database that may run INSERT ... ON CONFLICT on the table: through a delta's name view (a view with
     * an INSTEAD OF trigger) PostgreSQL refuses it (42P10), through a copy's it infers the copy's index. A token-level
     * over-approximation, as for the tables code reaches (docs/overlay.md): a body with ON CONFLICT naming the table.
     */
    private static void readCodeUpserts(Connection c, long relid, List<String> unsupported) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT string_agg(DISTINCT p.oid::regprocedure::text, ', ') FROM pg_proc p"
                        + " JOIN pg_namespace n ON n.oid = p.pronamespace, pg_class t"
                        + " WHERE t.oid = ? AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
                        // rift's own code (copy-up functions upsert into layer tables named after the table) is not
                        // the user's; functions a branch made in its own schema (rift_o...) are
                        + " AND n.nspname NOT IN ('rift', 'rift_catalog', 'rift_information_schema')"
                        + " AND n.nspname !~ '^rift_[lv][0-9]+(_|$)'"
                        + " AND p.prolang NOT IN (SELECT l.oid FROM pg_language l WHERE l.lanname IN ('c', 'internal'))"
                        + " AND p.prosrc ~* '\\mon\\s+conflict\\M'"
                        + " AND p.prosrc ~* ('\\m' || regexp_replace(t.relname, '\\W', '\\\\\\&', 'g') || '\\M')")) {
            ps.setLong(1, relid);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next() && rs.getString(1) != null) {
                    unsupported.add("code in the database may upsert into it (" + rs.getString(1) + ")");
                }
            }
        }
    }

    private static List<ForeignKey> readForeignKeys(Connection c, long relid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT con.oid, con.conname, con.conrelid, cn.nspname, cc.relname, "
                        + KEY_NAMES.formatted("con.conkey", "con.conrelid") + ", con.confrelid, pn.nspname, pc.relname, "
                        + KEY_NAMES.formatted("con.confkey", "con.confrelid") + ", con.confupdtype::text,"
                        + " con.confdeltype::text, con.confmatchtype::text, con.condeferrable, con.condeferred,"
                        + " ARRAY(SELECT a.attname FROM jsonb_array_elements_text(coalesce(nullif(to_jsonb(con)"
                        + " -> 'confdelsetcols', 'null'), '[]')) WITH ORDINALITY e(n, i) JOIN pg_attribute a"
                        + " ON a.attrelid = con.conrelid AND a.attnum = e.n::int2 ORDER BY e.i)"
                        + " FROM pg_constraint con JOIN pg_class cc ON cc.oid = con.conrelid"
                        + " JOIN pg_namespace cn ON cn.oid = cc.relnamespace"
                        + " JOIN pg_class pc ON pc.oid = con.confrelid JOIN pg_namespace pn ON pn.oid = pc.relnamespace"
                        + " WHERE con.contype = 'f' AND con.conparentid = 0 AND (con.conrelid = ? OR con.confrelid = ?)"
                        + " ORDER BY con.conname, con.oid")) {
            ps.setLong(1, relid);
            ps.setLong(2, relid);
            try (ResultSet rs = ps.executeQuery()) {
                List<ForeignKey> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new ForeignKey(rs.getLong(1), rs.getString(2), rs.getLong(3),
                            new TableId(rs.getString(4), rs.getString(5)), strings(rs.getArray(6)), rs.getLong(7),
                            new TableId(rs.getString(8), rs.getString(9)), strings(rs.getArray(10)),
                            ForeignKeyAction.of(rs.getString(11)), ForeignKeyAction.of(rs.getString(12)),
                            rs.getString(13).equals("f"), rs.getBoolean(14), rs.getBoolean(15),
                            strings(rs.getArray(16))));
                }
                return out;
            }
        }
    }

    private static List<String> strings(Array array) throws SQLException {
        return List.of((String[]) array.getArray());
    }

    private static char flag(String s) {
        return s == null || s.isEmpty() ? 0 : s.charAt(0);
    }
}
