package dev.rift.cow.ddl;

import dev.rift.cow.OverlayException;
import dev.rift.cow.Quote;
import dev.rift.cow.shape.SequenceShape;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * One own table of a frozen layer copied into a new layer's own schema (docs/ddl.md, "Branches of branches"): the
 * same columns at the same attribute numbers (dropped ones included, so ordinal positions match a full copy), types,
 * collations, defaults, generated and identity columns standing where the source's stood, NOT NULL, every
 * constraint and index under its own name (exclusion constraints, unique indexes on expressions or with a predicate),
 * comments, storage options and owner; then the rows; then the user triggers in their enabled state (created after
 * the fill, as on a whole copy, so none fires for rift's own copy). Foreign keys come separately
 * ({@link #foreignKeys}), once every table they may reference is filled.
 */
final class OwnTableCopy {
    private final Connection c;
    private final OwnSchemaRemap remap;

    OwnTableCopy(Connection c, OwnSchemaRemap remap) {
        this.c = c;
        this.remap = remap;
    }

    private record Column(int attnum, String name, boolean dropped, String type, boolean notNull, String identity,
                          boolean generated, String expr, String collation, String comment, int statistics,
                          String storage, String compression) {
    }

    /** @param what the table's logical name, for messages */
    List<String> table(long relid, String sourceSchema, String name, String what) throws SQLException {
        String source = Quote.ident(sourceSchema) + "." + Quote.ident(name);
        String target = Quote.ident(remap.target(sourceSchema)) + "." + Quote.ident(name);
        List<String> sql = new ArrayList<>();
        String owner;
        String comment;
        String options;
        boolean unlogged;
        try (PreparedStatement ps = c.prepareStatement("SELECT c.relkind::text, c.relpersistence = 'u',"
                + " c.relhasrules OR c.relrowsecurity OR c.relispartition"
                + " OR EXISTS (SELECT 1 FROM pg_inherits i WHERE i.inhrelid = c.oid OR i.inhparent = c.oid),"
                + " array_to_string(c.reloptions, ', '), pg_get_userbyid(c.relowner) <> current_user,"
                + " quote_ident(pg_get_userbyid(c.relowner)), obj_description(c.oid, 'pg_class')"
                + " FROM pg_class c WHERE c.oid = ?")) {
            ps.setLong(1, relid);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (!rs.getString(1).equals("r") || rs.getBoolean(3)) {
                    throw new OverlayException("0A000", "cannot copy table " + what + " to the new branch: it is"
                            + " partitioned, inherits, or has rules or row security");
                }
                unlogged = rs.getBoolean(2);
                options = rs.getString(4);
                owner = rs.getBoolean(5) ? rs.getString(6) : null;
                comment = rs.getString(7);
            }
        }
        List<Column> columns = columns(relid);
        List<String> defs = new ArrayList<>();
        for (Column col : columns) {
            if (col.dropped()) {
                defs.add(Quote.ident(placeholder(col)) + " integer");
                continue;
            }
            StringBuilder d = new StringBuilder(Quote.ident(col.name())).append(' ')
                    .append(remap.apply(col.type(), what));
            if (col.collation() != null) {
                d.append(" COLLATE ").append(col.collation());
            }
            if (col.generated()) {
                d.append(" GENERATED ALWAYS AS (").append(remap.apply(col.expr(), what)).append(") STORED");
            }
            if (col.notNull()) {
                d.append(" NOT NULL");
            }
            defs.add(d.toString());
        }
        sql.add("CREATE " + (unlogged ? "UNLOGGED " : "") + "TABLE " + target + " (" + String.join(", ", defs) + ")"
                + (options == null || options.isEmpty() ? "" : " WITH (" + options + ")"));
        for (Column col : columns) {
            String alter = "ALTER TABLE " + target + " ALTER COLUMN " + Quote.ident(col.name()) + " ";
            if (col.dropped()) {
                sql.add("ALTER TABLE " + target + " DROP COLUMN " + Quote.ident(placeholder(col)));
                continue;
            }
            if (col.expr() != null && !col.generated()) {
                sql.add(alter + "SET DEFAULT " + remap.apply(col.expr(), what));
            }
            if (!col.identity().isEmpty()) {
                identity(relid, col, sourceSchema, alter, sql);
            }
            if (col.statistics() >= 0) {
                sql.add(alter + "SET STATISTICS " + col.statistics());
            }
            if (col.storage() != null) {
                sql.add(alter + "SET STORAGE " + col.storage());
            }
            if (col.compression() != null) {
                sql.add(alter + "SET COMPRESSION " + col.compression());
            }
            if (col.comment() != null) {
                sql.add("COMMENT ON COLUMN " + target + "." + Quote.ident(col.name()) + " IS "
                        + Quote.literal(col.comment()));
            }
        }
        List<String> insertable = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (Column col : columns) {
            if (!col.dropped() && !col.generated()) {
                insertable.add(Quote.ident(col.name()));
                // A value of one of the frozen layer's own types reaches the copy's type through its text form.
                String type = remap.apply(col.type(), what);
                values.add(type.equals(col.type()) ? Quote.ident(col.name())
                        : Quote.ident(col.name()) + "::text::" + type);
            }
        }
        boolean always = columns.stream().anyMatch(col -> col.identity().equals("a"));
        if (!insertable.isEmpty()) {
            sql.add("INSERT INTO " + target + " (" + String.join(", ", insertable) + ")"
                    + (always ? " OVERRIDING SYSTEM VALUE" : "") + " SELECT " + String.join(", ", values)
                    + " FROM " + source);
        }
        constraintsAndIndexes(relid, target, Quote.ident(remap.target(sourceSchema)), what, sql);
        triggers(relid, target, what, sql);
        if (comment != null) {
            sql.add("COMMENT ON TABLE " + target + " IS " + Quote.literal(comment));
        }
        if (owner != null) {
            sql.add("ALTER TABLE " + target + " OWNER TO " + owner);
        }
        return sql;
    }

    /** The table's foreign keys, pointed at the copies of the tables they reference. */
    List<String> foreignKeys(long relid, String sourceSchema, String name, String what) throws SQLException {
        List<String> sql = new ArrayList<>();
        foreignKeyConstraints(relid, Quote.ident(remap.target(sourceSchema)) + "." + Quote.ident(name), what, sql);
        return sql;
    }

    private static String placeholder(Column col) {
        return "rift_dropped_" + col.attnum();
    }

    private List<Column> columns(long relid) throws SQLException {
        List<Column> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT a.attnum, a.attname, a.attisdropped,"
                + " format_type(a.atttypid, a.atttypmod), a.attnotnull, a.attidentity::text, a.attgenerated = 's',"
                + " pg_get_expr(d.adbin, d.adrelid),"
                + " CASE WHEN a.attcollation <> t.typcollation"
                + "      THEN quote_ident(cn.nspname) || '.' || quote_ident(co.collname) END,"
                + " col_description(a.attrelid, a.attnum), a.attstattarget,"
                + " CASE WHEN a.attstorage <> t.typstorage THEN CASE a.attstorage WHEN 'p' THEN 'PLAIN'"
                + "      WHEN 'e' THEN 'EXTERNAL' WHEN 'm' THEN 'MAIN' ELSE 'EXTENDED' END END,"
                + " CASE a.attcompression WHEN 'p' THEN 'pglz' WHEN 'l' THEN 'lz4' END"
                + " FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
                + " LEFT JOIN pg_type t ON t.oid = a.atttypid LEFT JOIN pg_collation co ON co.oid = a.attcollation"
                + " LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace"
                + " WHERE a.attrelid = ? AND a.attnum > 0 ORDER BY a.attnum")) {
            ps.setLong(1, relid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Column(rs.getInt(1), rs.getString(2), rs.getBoolean(3), rs.getString(4),
                            rs.getBoolean(5), rs.getString(6) == null ? "" : rs.getString(6).trim(),
                            rs.getBoolean(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getInt(11),
                            rs.getString(12), rs.getString(13)));
                }
            }
        }
        return out;
    }

    /** An identity column's sequence, recreated with the source's options and position. */
    private void identity(long relid, Column col, String sourceSchema, String alter, List<String> sql)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT s.relname FROM pg_depend d"
                + " JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'"
                + " WHERE d.classid = 'pg_class'::regclass AND d.refobjid = ? AND d.refobjsubid = ?"
                + " AND d.deptype = 'i'")) {
            ps.setLong(1, relid);
            ps.setInt(2, col.attnum());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                String name = rs.getString(1);
                SequenceShape shape = SequenceShape.read(c, Quote.ident(sourceSchema) + "." + Quote.ident(name));
                String copy = Quote.ident(remap.target(sourceSchema)) + "." + Quote.ident(name);
                sql.add(alter + "ADD " + SequenceCopyDdl.identity(copy, shape, col.identity().equals("a")));
                sql.add(SequenceCopyDdl.position(copy, shape));
            }
        }
    }

    private void foreignKeyConstraints(long relid, String target, String what, List<String> sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT k.conname, pg_get_constraintdef(k.oid),"
                + " obj_description(k.oid, 'pg_constraint') FROM pg_constraint k"
                + " WHERE k.conrelid = ? AND k.contype = 'f' ORDER BY k.oid")) {
            ps.setLong(1, relid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    constraint(target, rs.getString(1), rs.getString(2), rs.getString(3), what, sql);
                }
            }
        }
    }

    private void constraint(String target, String name, String def, String comment, String what, List<String> sql) {
        sql.add("ALTER TABLE " + target + " ADD CONSTRAINT " + Quote.ident(name) + " " + remap.apply(def, what));
        if (comment != null) {
            sql.add("COMMENT ON CONSTRAINT " + Quote.ident(name) + " ON " + target + " IS " + Quote.literal(comment));
        }
    }

    /**
     * CHECK constraints, then every index under its own name, constraint-backed (primary key, unique, exclusion) or
     * not, in the source's index order: PostgreSQL checks a row against a table's indexes in that order, so a row
     * violating two fails on the same one as on a copy. The clustered plain index is marked again.
     */
    private void constraintsAndIndexes(long relid, String target, String targetSchema, String what, List<String> sql)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT k.conname, pg_get_constraintdef(k.oid),"
                + " obj_description(k.oid, 'pg_constraint'), NULL, NULL, false, NULL, k.conindid AS ord, k.oid"
                + " FROM pg_constraint k WHERE k.conrelid = ? AND k.contype NOT IN ('f', 't')"
                + " UNION ALL SELECT NULL, NULL, NULL, pg_get_indexdef(i.indexrelid), x.relname, i.indisclustered,"
                + " obj_description(i.indexrelid, 'pg_class'), i.indexrelid, 0::oid FROM pg_index i"
                + " JOIN pg_class x ON x.oid = i.indexrelid WHERE i.indrelid = ? AND NOT EXISTS"
                + " (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.conrelid = i.indrelid)"
                + " ORDER BY 8, 9")) {
            ps.setLong(1, relid);
            ps.setLong(2, relid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (rs.getString(1) != null) {
                        constraint(target, rs.getString(1), rs.getString(2), rs.getString(3), what, sql);
                        continue;
                    }
                    sql.add(remap.apply(rs.getString(4), what));
                    if (rs.getBoolean(6)) {
                        sql.add("ALTER TABLE " + target + " CLUSTER ON " + Quote.ident(rs.getString(5)));
                    }
                    if (rs.getString(7) != null) {
                        sql.add("COMMENT ON INDEX " + targetSchema + "." + Quote.ident(rs.getString(5)) + " IS "
                                + Quote.literal(rs.getString(7)));
                    }
                }
            }
        }
    }

    /**
     * User triggers (constraint triggers included, which {@link #constraintsAndIndexes} leaves to this), in their
     * enabled state, with comments. rift's own ({@code rift_*}, the frozen guard) are the new layer's business. A trigger
     * function in the frozen layer's own schema would have no copy to call: refused, naming it.
     */
    private void triggers(long relid, String target, String what, List<String> sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_get_triggerdef(t.oid), t.tgname, t.tgenabled::text,"
                + " obj_description(t.oid, 'pg_trigger'), n.nspname, p.proname FROM pg_trigger t"
                + " JOIN pg_proc p ON p.oid = t.tgfoid JOIN pg_namespace n ON n.oid = p.pronamespace"
                + " WHERE t.tgrelid = ? AND NOT t.tgisinternal AND t.tgname NOT LIKE 'rift\\_%' ORDER BY t.tgname")) {
            ps.setLong(1, relid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String trigger = Quote.ident(rs.getString(2));
                    if (remap.target(rs.getString(5)) != null) {
                        throw new OverlayException("0A000", "cannot copy trigger " + rs.getString(2) + " of table "
                                + what + " to the new branch: its function " + rs.getString(6)
                                + " is the branch's own, and rift cannot copy functions to a new branch yet");
                    }
                    sql.add(remap.apply(rs.getString(1), "trigger " + rs.getString(2) + " of table " + what));
                    WholeCopyDdl.enabledState(target, rs.getString(2), rs.getString(3)).ifPresent(sql::add);
                    if (rs.getString(4) != null) {
                        sql.add("COMMENT ON TRIGGER " + trigger + " ON " + target + " IS "
                                + Quote.literal(rs.getString(4)));
                    }
                }
            }
        }
    }
}
