package dev.rift.cow.ddl;

import dev.rift.cow.OverlayException;
import dev.rift.cow.Quote;
import dev.rift.cow.TableId;
import dev.rift.cow.TypeCopyPlan;
import dev.rift.cow.TypeName;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The branch's own copy of an upstream enum, composite or domain type that its DDL changes (docs/ddl.md): made
 * under the same name in the top layer's own schema of the type's schema, which comes first on the search_path, so
 * it shadows the upstream type as own tables shadow theirs. Every upstream table with a column of the type (or an
 * array of it) is materialized, and then every column of the branch's own tables moves to the copy, through text.
 */
public final class UpstreamTypeCopy {
    private final Connection c;
    private final LayerNames top;

    public UpstreamTypeCopy(Connection c, LayerNames top) {
        this.c = c;
        this.top = top;
    }

    private record Found(long oid, long array, String schema, String kind, long relid, String comment) {
    }

    /** The plan for {@code type}; empty when no upstream type has that name (PostgreSQL then answers as a copy). */
    public TypeCopyPlan plan(TypeName type, Set<TableId> hidden) throws SQLException {
        Optional<Found> found = find(type);
        if (found.isEmpty()) {
            return TypeCopyPlan.NONE;
        }
        Found t = found.get();
        String copy = Quote.ident(top.ownObjectSchema(t.schema())) + "." + Quote.ident(type.name());
        String what = "type " + t.schema() + "." + type.name();
        String create = new OwnTypeCopy(c, new OwnSchemaRemap(c, Map.of()))
                .definition(t.oid(), t.kind(), t.relid(), copy, what)
                .orElseThrow(() -> new OverlayException("0A000", "changing the upstream's " + what
                        + " is not supported on overlay branches: rift can copy enum, composite and domain types"
                        + " only"));
        String comment = t.comment() == null ? "" : " COMMENT ON TYPE " + copy + " IS " + Quote.literal(t.comment())
                + ";";
        String upstream = Quote.ident(t.schema()) + "." + Quote.ident(type.name());
        // Upstream functions keep taking the upstream type: a value of the copy is passed to them through text (a
        // value only the copy has fails there). PostgreSQL ignores casts of domains (with a warning): none for them.
        String casts = t.kind().equals("d") ? "" : " CREATE CAST (" + copy + " AS " + upstream
                + ") WITH INOUT AS IMPLICIT; CREATE CAST (" + upstream + " AS " + copy + ") WITH INOUT AS ASSIGNMENT;";
        // A second change in the same transaction finds the copy made by the first.
        String before = "DO $rift$BEGIN IF to_regtype(" + Quote.literal(copy) + ") IS NULL THEN " + create + ";"
                + comment + casts + " END IF; END$rift$";
        Set<TableId> tables = new LinkedHashSet<>();
        for (TableId user : users(t)) {
            if (!hidden.contains(user)) {
                tables.add(user);
            }
        }
        return new TypeCopyPlan(List.of(before), tables, List.of(retype(t, copy)));
    }

    private Optional<Found> find(TypeName type) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT t.oid, t.typarray, n.nspname, t.typtype::text,"
                + " t.typrelid, obj_description(t.oid, 'pg_type')"
                + " FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace"
                + " WHERE t.typname = ? AND n.nspname = ANY (?) ORDER BY array_position(?, n.nspname::text)")) {
            ps.setString(1, type.name());
            ps.setArray(2, c.createArrayOf("text", type.schemas().toArray()));
            ps.setArray(3, c.createArrayOf("text", type.schemas().toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String schema = rs.getString(3);
                    if (LayerNames.isRiftSchema(schema) || schema.equals("pg_catalog")
                            || schema.equals("information_schema")) {
                        return Optional.empty();
                    }
                    return Optional.of(new Found(rs.getLong(1), rs.getLong(2), schema, rs.getString(4),
                            rs.getLong(5), rs.getString(6)));
                }
            }
        }
        return Optional.empty();
    }

    /** Upstream tables with a column of the type or of its array type. */
    private List<TableId> users(Found t) throws SQLException {
        List<TableId> out = new java.util.ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT n.nspname, k.relname"
                + " FROM pg_attribute a JOIN pg_class k ON k.oid = a.attrelid"
                + " JOIN pg_namespace n ON n.oid = k.relnamespace"
                + " WHERE a.atttypid IN (?, ?) AND a.attnum > 0 AND NOT a.attisdropped AND k.relkind IN ('r', 'p')"
                + " AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%'"
                + " ORDER BY 1, 2")) {
            ps.setLong(1, t.oid());
            ps.setLong(2, t.array());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (!LayerNames.isRiftSchema(rs.getString(1))) {
                        out.add(new TableId(rs.getString(1), rs.getString(2)));
                    }
                }
            }
        }
        return out;
    }

    /**
     * Moves every column of the top layer's own tables from the upstream type to the copy. A default, CHECK or
     * index that names the upstream type (an enum literal: {@code 'cart'::public.order_status}) would not survive
     * the change of the column's type, so it is taken off first and put back naming the copy. So are the branch's own
     * views reading those tables (PostgreSQL cannot change the type of a column a view uses; on a copy ADD VALUE
     * changes no column): dropped first, re-created after with their options, comments and grants, in creation order.
     */
    private String retype(Found t, String copy) {
        String own = Quote.literal("rift\\_o" + top.layer() + "\\_%"); // the top layer's own schemas
        return "DO $rift$DECLARE"
                + " copy text := " + Quote.literal(copy) + ";"
                + " pat text;"
                + " rel oid; x record; alters text; later text[]; views text[] := '{}'; remade text[] := '{}';"
                + " path text := current_setting('search_path');"
                + " BEGIN"
                + " PERFORM set_config('search_path', '', true);" // view definitions print every name qualified
                + " pat := '::' || regexp_replace(format_type(" + t.oid() + ", NULL),"
                + "   '([.^$*+?()\\[\\]{}|\\\\])', '\\\\\\1', 'g') || '(?![A-Za-z0-9_$])';"
                + " FOR x IN WITH RECURSIVE dep(v) AS ("
                + "   SELECT r.ev_class FROM pg_depend d JOIN pg_rewrite r ON r.oid = d.objid"
                + "   WHERE d.classid = 'pg_rewrite'::regclass AND d.refclassid = 'pg_class'::regclass"
                + "   AND r.ev_class <> d.refobjid AND d.refobjid IN (SELECT a.attrelid FROM pg_attribute a"
                + "     JOIN pg_class k ON k.oid = a.attrelid JOIN pg_namespace n ON n.oid = k.relnamespace"
                + "     WHERE n.nspname LIKE " + own + " AND k.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped"
                + "     AND a.atttypid IN (" + t.oid() + ", " + t.array() + "))"
                + "   UNION SELECT r.ev_class FROM dep JOIN pg_depend d ON d.refobjid = dep.v"
                + "   AND d.classid = 'pg_rewrite'::regclass AND d.refclassid = 'pg_class'::regclass"
                + "   JOIN pg_rewrite r ON r.oid = d.objid WHERE r.ev_class <> d.refobjid)"
                + "  SELECT format('%I.%I', n.nspname, k.relname) AS name, pg_get_viewdef(k.oid) AS def, k.reloptions,"
                + "   obj_description(k.oid, 'pg_class') AS cmt, k.relacl FROM pg_class k"
                + "   JOIN pg_namespace n ON n.oid = k.relnamespace"
                + "   WHERE k.oid IN (SELECT v FROM dep) AND k.relkind = 'v' ORDER BY k.oid LOOP"
                + "  views := views || x.name;"
                + "  remade := remade || format('CREATE VIEW %s%s AS %s', x.name, CASE WHEN x.reloptions IS NULL"
                + "    THEN '' ELSE ' WITH (' || array_to_string(x.reloptions, ', ') || ')' END,"
                + "    regexp_replace(rtrim(x.def, ';'), pat, '::' || copy, 'g'));"
                + "  IF x.cmt IS NOT NULL THEN remade := remade || format('COMMENT ON VIEW %s IS %L', x.name, x.cmt);"
                + "  END IF;"
                + "  remade := remade || coalesce((SELECT array_agg(format('GRANT %s ON %s TO %s', a.privilege_type,"
                + "    x.name, CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(a.grantee)) END))"
                + "    FROM aclexplode(x.relacl) a WHERE a.grantee <> a.grantor), '{}');"
                + " END LOOP;"
                + " IF cardinality(views) > 0 THEN EXECUTE 'DROP VIEW ' || array_to_string(views, ', '); END IF;"
                + " FOR rel IN SELECT DISTINCT a.attrelid FROM pg_attribute a JOIN pg_class k ON k.oid = a.attrelid"
                + "   JOIN pg_namespace n ON n.oid = k.relnamespace WHERE n.nspname LIKE " + own
                + "   AND k.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped"
                + "   AND a.atttypid IN (" + t.oid() + ", " + t.array() + ") ORDER BY 1 LOOP"
                + "  later := '{}';"
                + "  FOR x IN SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint"
                + "    WHERE conrelid = rel AND pg_get_constraintdef(oid) ~ pat ORDER BY oid LOOP"
                + "   EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', rel::regclass, x.conname);"
                + "   later := later || format('ALTER TABLE %s ADD CONSTRAINT %I %s', rel::regclass, x.conname,"
                + "     regexp_replace(x.def, pat, '::' || copy, 'g'));"
                + "  END LOOP;"
                + "  FOR x IN SELECT i.indexrelid::regclass AS idx, pg_get_indexdef(i.indexrelid) AS def FROM pg_index i"
                + "    WHERE i.indrelid = rel AND pg_get_indexdef(i.indexrelid) ~ pat ORDER BY i.indexrelid LOOP"
                + "   EXECUTE format('DROP INDEX %s', x.idx);"
                + "   later := later || regexp_replace(x.def, pat, '::' || copy, 'g');"
                + "  END LOOP;"
                + "  alters := '';"
                + "  FOR x IN SELECT a.attname, a.atttypid <> " + t.oid() + " AS arr, pg_get_expr(d.adbin, d.adrelid) AS def"
                + "    FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
                + "    WHERE a.attrelid = rel AND a.attnum > 0 AND NOT a.attisdropped"
                + "    AND a.atttypid IN (" + t.oid() + ", " + t.array() + ") ORDER BY a.attnum LOOP"
                + "   IF x.def IS NOT NULL THEN alters := alters || format(', ALTER COLUMN %I DROP DEFAULT', x.attname);"
                + "   END IF;"
                + "   alters := alters || format(', ALTER COLUMN %I TYPE %s USING %I::text::%s', x.attname,"
                + "     copy || CASE WHEN x.arr THEN '[]' ELSE '' END, x.attname,"
                + "     copy || CASE WHEN x.arr THEN '[]' ELSE '' END);"
                + "   IF x.def IS NOT NULL THEN alters := alters || format(', ALTER COLUMN %I SET DEFAULT %s', x.attname,"
                + "     regexp_replace(x.def, pat, '::' || copy, 'g'));"
                + "   END IF;"
                + "  END LOOP;"
                + "  EXECUTE 'ALTER TABLE ' || rel::regclass || substr(alters, 2);"
                + "  FOREACH alters IN ARRAY later LOOP EXECUTE alters; END LOOP;"
                + " END LOOP;"
                + " FOREACH alters IN ARRAY remade LOOP EXECUTE alters; END LOOP;"
                + " PERFORM set_config('search_path', path, true);"
                + " END$rift$";
    }
}
