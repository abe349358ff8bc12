package dev.rift.cow.diff;

import dev.rift.cow.Quote;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The query that finds a table's differing rows, and the mapping of its result rows to {@link RowChange}s. Every
 * query returns: old side present, new side present, the key's values, the old row's values, the new row's values,
 * all as text, so values compare and print exactly as PostgreSQL outputs them.
 */
public final class DiffQuery {
    private DiffQuery() {
    }

    /** The query, for EXPLAIN too: its plan must not scan the tables whole (see DiffCommandTest). */
    public static String sql(DiffTable t) {
        return switch (t.how()) {
            case SHADOWED -> keyedSql(t, "(" + t.shadows().stream()
                    .map(s -> "SELECT " + columns(null, t.keyColumns()) + " FROM " + s)
                    .collect(Collectors.joining(" UNION ")) + ") AS k"
                    + " LEFT JOIN LATERAL " + lookup(t.oldRelation(), "k", t.keyColumns()) + " AS o ON true"
                    + " LEFT JOIN LATERAL " + lookup(t.newRelation(), "k", t.keyColumns()) + " AS n ON true", "k");
            case KEYED -> keyedSql(t, t.oldRelation() + " AS o FULL JOIN " + t.newRelation() + " AS n ON "
                    + join("o", "n", t.keyColumns()), null);
            case CREATED -> "SELECT false, true, " + texts("n", t.keyColumns()) + sep(t.keyColumns())
                    + nulls(t.columns().size()) + ", " + texts("n", t.columns()) + " FROM " + t.newRelation()
                    + " AS n" + orderBy(t.keyColumns(), k -> "n." + Quote.ident(k));
            case UNKEYED -> unkeyedSql(t);
        };
    }

    private static String keyedSql(DiffTable t, String from, String keyAlias) {
        List<String> keys = new ArrayList<>();
        for (String k : t.keyColumns()) {
            keys.add(keyAlias != null ? keyAlias + "." + Quote.ident(k) + "::text"
                    : "coalesce(n." + Quote.ident(k) + "::text, o." + Quote.ident(k) + "::text)");
        }
        String first = Quote.ident(t.keyColumns().get(0));
        return "SELECT o." + first + " IS NOT NULL, n." + first + " IS NOT NULL, " + String.join(", ", keys) + ", "
                + oldTexts(t) + ", " + texts("n", t.columns()) + " FROM " + from
                + orderBy(t.keyColumns(), k -> keyAlias != null ? keyAlias + "." + Quote.ident(k)
                : "coalesce(n." + Quote.ident(k) + ", o." + Quote.ident(k) + ")");
    }

    private static String unkeyedSql(DiffTable t) {
        String old = "SELECT " + oldTexts(t) + " FROM " + t.oldRelation() + " AS o";
        String now = "SELECT " + texts("n", t.columns()) + " FROM " + t.newRelation() + " AS n";
        String nulls = nulls(t.columns().size());
        return "SELECT true, false, d.*, " + nulls + " FROM (" + old + " EXCEPT ALL " + now + ") AS d"
                + " UNION ALL SELECT false, true, " + nulls + ", i.* FROM (" + now + " EXCEPT ALL " + old + ") AS i";
    }

    /**
     * Maps a result row; null when both sides are present and equal (a row changed back, or written unchanged) or
     * both absent (a row the branch inserted and deleted again leaves a tombstone for a key nobody has).
     */
    static RowChange row(DiffTable t, ResultSet rs) throws SQLException {
        boolean oldPresent = rs.getBoolean(1);
        boolean newPresent = rs.getBoolean(2);
        int at = 3;
        List<String> key = new ArrayList<>();
        for (int i = 0; i < t.keyColumns().size(); i++) {
            key.add(rs.getString(at++));
        }
        Map<String, String> oldValues = new LinkedHashMap<>();
        Map<String, String> newValues = new LinkedHashMap<>();
        for (String c : t.columns()) {
            String v = rs.getString(at++);
            if (oldPresent && t.oldColumns().contains(c)) {
                oldValues.put(c, v);
            }
        }
        for (String c : t.columns()) {
            String v = rs.getString(at++);
            if (newPresent) {
                newValues.put(c, v);
            }
        }
        if (!oldPresent && !newPresent) {
            return null;
        }
        if (oldPresent && !newPresent) {
            return new RowChange(RowChange.Kind.DELETED, key, oldValues, Map.of(), List.of());
        }
        if (!oldPresent) {
            return new RowChange(RowChange.Kind.INSERTED, key, Map.of(), newValues, List.of());
        }
        List<String> changed = t.columns().stream().filter(c -> !oldValues.containsKey(c)
                || !Objects.equals(oldValues.get(c), newValues.get(c))).toList();
        return changed.isEmpty() ? null : new RowChange(RowChange.Kind.UPDATED, key, oldValues, newValues, changed);
    }

    /** The old side's values in the branch's column order; a column the other side lacks is NULL. */
    private static String oldTexts(DiffTable t) {
        return t.columns().stream().map(c -> t.oldColumns().contains(c) ? "o." + Quote.ident(c) + "::text" : "NULL::text")
                .collect(Collectors.joining(", "));
    }

    private static String texts(String alias, List<String> columns) {
        return columns.stream().map(c -> alias + "." + Quote.ident(c) + "::text").collect(Collectors.joining(", "));
    }

    private static String columns(String alias, List<String> columns) {
        return columns.stream().map(c -> (alias == null ? "" : alias + ".") + Quote.ident(c))
                .collect(Collectors.joining(", "));
    }

    /**
     * The row of {@code relation} with the key of {@code keyAlias}, as a LATERAL subquery that {@code OFFSET 0}
     * keeps PostgreSQL from flattening into a join: the key then reaches every branch of a merged view's UNION ALL
     * as an index lookup, where a join on the view makes PostgreSQL build the whole anti-join of the relation
     * below (O(table); the shadows, never analyzed, look large to the planner).
     */
    static String lookup(String relation, String keyAlias, List<String> keys) {
        return "(SELECT x.* FROM " + relation + " AS x WHERE " + join("x", keyAlias, keys) + " OFFSET 0)";
    }

    private static String join(String a, String b, List<String> keys) {
        return keys.stream().map(k -> a + "." + Quote.ident(k) + " = " + b + "." + Quote.ident(k))
                .collect(Collectors.joining(" AND "));
    }

    private static String nulls(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "NULL::text"));
    }

    private static String sep(List<?> list) {
        return list.isEmpty() ? "" : ", ";
    }

    /** Rows in key order, so output is stable and readable. */
    private static String orderBy(List<String> keys, java.util.function.Function<String, String> expression) {
        return keys.isEmpty() ? "" : " ORDER BY " + keys.stream().map(expression).collect(Collectors.joining(", "));
    }
}
