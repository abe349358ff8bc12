package dev.rift.cow.ddl;

import dev.rift.cow.Quote;
import dev.rift.cow.TableId;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Upstream views over tables a branch materializes become the branch's own views over its own tables (docs/ddl.md),
 * as on a copy, where the view is bound to the table: a dropped column it reads gives 2BP01, {@code DROP ... CASCADE}
 * takes it along, a rename is followed. The caller materializes every table such a view reads (so it never reads
 * the upstream's rows past the branch's) and copies every view it reads; this class finds them and prints them.
 *
 * <p>Reads the catalog inside a transaction whose search_path is empty, so every name is printed qualified.
 */
public final class UpstreamViewCopy {
    /** An upstream view: its relid and name. */
    public record View(long relid, TableId id) {
    }

    /** What a set of views reads directly: upstream tables and upstream views. */
    public record Reads(Set<TableId> tables, Set<View> views) {
    }

    private final Connection c;

    public UpstreamViewCopy(Connection c) {
        this.c = c;
    }

    /** The upstream views that read any of {@code relids}, directly or through other views, hidden ones left out. */
    public Set<View> dependents(Collection<Long> relids, Set<TableId> hidden) throws SQLException {
        Set<View> out = new LinkedHashSet<>();
        // Only through views: a materialized view holds its rows, so what reads it reads no table.
        try (PreparedStatement ps = c.prepareStatement("WITH RECURSIVE dep(v) AS ("
                + " SELECT r.ev_class FROM pg_depend d JOIN pg_rewrite r ON r.oid = d.objid"
                + " JOIN pg_class v ON v.oid = r.ev_class AND v.relkind = 'v'"
                + " WHERE d.classid = 'pg_rewrite'::regclass AND d.refclassid = 'pg_class'::regclass"
                + " AND d.refobjid = ANY (?) AND r.ev_class <> d.refobjid"
                + " UNION SELECT r.ev_class FROM dep JOIN pg_depend d ON d.refobjid = dep.v"
                + " AND d.classid = 'pg_rewrite'::regclass AND d.refclassid = 'pg_class'::regclass"
                + " JOIN pg_rewrite r ON r.oid = d.objid JOIN pg_class v ON v.oid = r.ev_class AND v.relkind = 'v'"
                + " WHERE r.ev_class <> d.refobjid)"
                + " SELECT c.oid, n.nspname, c.relname FROM dep JOIN pg_class c ON c.oid = dep.v"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname !~ '^rift' ORDER BY c.oid")) {
            ps.setArray(1, oids(relids));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    View v = new View(rs.getLong(1), new TableId(rs.getString(2), rs.getString(3)));
                    if (!hidden.contains(v.id())) {
                        out.add(v);
                    }
                }
            }
        }
        return out;
    }

    /** The upstream tables and views that {@code views} read directly. */
    public Reads reads(Collection<View> views) throws SQLException {
        Set<TableId> tables = new LinkedHashSet<>();
        Set<View> read = new LinkedHashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT c.oid, n.nspname, c.relname, c.relkind::text"
                + " FROM pg_rewrite r JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid"
                + " AND d.refclassid = 'pg_class'::regclass AND d.refobjid <> r.ev_class"
                + " JOIN pg_class c ON c.oid = d.refobjid JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE r.ev_class = ANY (?) AND n.nspname !~ '^rift' AND n.nspname NOT IN ('pg_catalog',"
                + " 'information_schema') ORDER BY c.oid")) {
            ps.setArray(1, oids(views.stream().map(View::relid).toList()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    TableId id = new TableId(rs.getString(2), rs.getString(3));
                    switch (rs.getString(4)) {
                        case "r", "p" -> tables.add(id);
                        case "v" -> read.add(new View(rs.getLong(1), id));
                        default -> { } // a materialized view or sequence the view names stays the upstream's
                    }
                }
            }
        }
        return new Reads(tables, read);
    }

    /**
     * The statements that make each of {@code views} the top layer's own (each after the views it reads) and hide
     * the upstream's; {@code own} are the relations (tables and views) that have an own copy of the same name, to
     * which the definitions are pointed.
     */
    public List<String> statements(LayerNames layer, Collection<View> views, Collection<TableId> own)
            throws SQLException {
        Map<Pattern, String> repoint = new LinkedHashMap<>();
        for (TableId id : own) {
            String from = OwnSchemaRemap.quoteIdent(c, id.schema()) + "." + OwnSchemaRemap.quoteIdent(c, id.name());
            repoint.put(Pattern.compile("(?<![A-Za-z0-9_$\".])" + Pattern.quote(from) + "(?![A-Za-z0-9_$\"(])"),
                    Matcher.quoteReplacement(Quote.ident(layer.ownObjectSchema(id.schema())) + "."
                            + Quote.ident(id.name())));
        }
        List<String> sql = new ArrayList<>();
        for (View v : inDependencyOrder(views)) {
            String copy = Quote.ident(layer.ownObjectSchema(v.id().schema())) + "." + Quote.ident(v.id().name());
            ViewDefinition def = ViewDefinition.read(c, v.relid());
            String query = def.query();
            for (Map.Entry<Pattern, String> r : repoint.entrySet()) {
                query = r.getKey().matcher(query).replaceAll(r.getValue());
            }
            sql.add(def.create(copy, query));
            try (PreparedStatement ps = c.prepareStatement("SELECT obj_description(?::oid, 'pg_class')")) {
                ps.setLong(1, v.relid());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getString(1) != null) {
                        sql.add("COMMENT ON VIEW " + copy + " IS " + Quote.literal(rs.getString(1)));
                    }
                }
            }
            sql.add("SELECT rift.hide(" + layer.layer() + ", " + v.relid() + ")");
        }
        return sql;
    }

    /** Each view after the views of the set it reads. */
    private List<View> inDependencyOrder(Collection<View> views) throws SQLException {
        List<View> out = new ArrayList<>();
        Set<View> left = new LinkedHashSet<>(views);
        while (!left.isEmpty()) {
            int before = out.size();
            for (View v : List.copyOf(left)) {
                Set<View> needs = new LinkedHashSet<>(reads(List.of(v)).views());
                needs.retainAll(left);
                if (needs.isEmpty()) {
                    out.add(v);
                    left.remove(v);
                }
            }
            if (out.size() == before) {
                throw new SQLException("views that read each other: " + left);
            }
        }
        return out;
    }

    private Array oids(Collection<Long> relids) throws SQLException {
        return c.createArrayOf("oid", relids.toArray());
    }
}
