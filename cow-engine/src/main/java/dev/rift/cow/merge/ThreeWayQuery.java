package dev.rift.cow.merge;

import dev.rift.cow.Quote;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The query that reads each key a branch changed three ways: the key, then base, ours and theirs, each as a
 * presence flag followed by the row's values as text. Reads only the branch's changed keys: O(changed rows).
 */
final class ThreeWayQuery {
    private ThreeWayQuery() {
    }

    static String sql(MergeTable t) {
        List<String> keys = t.keyColumns();
        if (t.created()) {
            String absent = "false, " + nulls(t.columns().size());
            return "SELECT " + texts("n", keys) + sep(keys) + absent + ", " + absent + ", true, "
                    + texts("n", t.columns()) + " FROM " + t.theirs() + " AS n"
                    + (keys.isEmpty() ? "" : " ORDER BY " + idents("n", keys));
        }
        String keySet = t.shadows().stream().map(s -> "SELECT " + idents(null, keys) + " FROM " + s)
                .collect(Collectors.joining(" UNION "));
        String base = t.bases().isEmpty() ? "SELECT false, " + nulls(t.columns().size()) + " WHERE false"
                : t.bases().stream().map(b -> "SELECT true, " + texts("b", t.columns()) + " FROM " + b + " AS b WHERE "
                + join("b", "k", keys)).collect(Collectors.joining(" UNION ALL ")) + " LIMIT 1";
        List<String> baseColumns = new ArrayList<>(List.of("present"));
        for (int i = 0; i < t.columns().size(); i++) {
            baseColumns.add("c" + i);
        }
        String first = Quote.ident(keys.get(0));
        return "SELECT " + texts("k", keys) + ", coalesce(b.present, false), "
                + baseColumns.subList(1, baseColumns.size()).stream().map(c -> "b." + c)
                .collect(Collectors.joining(", "))
                + ", o." + first + " IS NOT NULL, " + texts("o", t.columns())
                + ", n." + first + " IS NOT NULL, " + texts("n", t.columns())
                + " FROM (" + keySet + ") AS k"
                + " LEFT JOIN LATERAL (" + base + ") AS b(" + String.join(", ", baseColumns) + ") ON true"
                + " LEFT JOIN LATERAL " + lookup(t.ours(), keys) + " AS o ON true"
                + " LEFT JOIN LATERAL " + lookup(t.theirs(), keys) + " AS n ON true"
                + " ORDER BY " + idents("k", keys);
    }

    /**
     * Without a key, rows are whole rows, counted: every distinct row whose number of copies differs between the
     * branch's base and the branch, with that number in the base, the branch and the target. O(table).
     */
    static String multisetSql(MergeTable t) {
        List<String> c = new ArrayList<>();
        for (int i = 0; i < t.columns().size(); i++) {
            c.add("c" + i);
        }
        String cols = String.join(", ", c);
        String both = "SELECT " + texts("b", t.columns()) + ", 1, 0 FROM " + t.below() + " AS b UNION ALL SELECT "
                + texts("n", t.columns()) + ", 0, 1 FROM " + t.theirs() + " AS n";
        return "SELECT " + cols + ", sum(nb), sum(nt), (SELECT count(*) FROM " + t.ours() + " AS o WHERE ROW("
                + texts("o", t.columns()) + ") IS NOT DISTINCT FROM ROW(" + c.stream().map(x -> "x." + x)
                .collect(Collectors.joining(", ")) + ")) FROM (" + both + ") AS x(" + cols + ", nb, nt)"
                + " GROUP BY " + cols + " HAVING sum(nb) <> sum(nt)";
    }

    static MultisetRow multisetRow(MergeTable t, ResultSet rs) throws SQLException {
        Map<String, String> row = new LinkedHashMap<>();
        int n = t.columns().size();
        for (int i = 0; i < n; i++) {
            row.put(t.columns().get(i), rs.getString(i + 1));
        }
        return new MultisetRow(row, rs.getLong(n + 1), rs.getLong(n + 3), rs.getLong(n + 2));
    }

    static MergeRow row(MergeTable t, ResultSet rs) throws SQLException {
        int at = 1;
        List<String> key = new ArrayList<>();
        for (int i = 0; i < t.keyColumns().size(); i++) {
            key.add(rs.getString(at++));
        }
        Map<String, String> base = values(t, rs, at);
        at += 1 + t.columns().size();
        Map<String, String> ours = values(t, rs, at);
        at += 1 + t.columns().size();
        Map<String, String> theirs = values(t, rs, at);
        return new MergeRow(key, base, ours, theirs);
    }

    /** The row at {@code at} (a presence flag, then the values), or null when absent. */
    private static Map<String, String> values(MergeTable t, ResultSet rs, int at) throws SQLException {
        if (!rs.getBoolean(at)) {
            return null;
        }
        Map<String, String> row = new LinkedHashMap<>();
        for (int i = 0; i < t.columns().size(); i++) {
            row.put(t.columns().get(i), rs.getString(at + 1 + i));
        }
        return row;
    }

    private static String texts(String alias, List<String> columns) {
        return columns.stream().map(c -> alias + "." + Quote.ident(c) + "::text").collect(Collectors.joining(", "));
    }

    private static String idents(String alias, List<String> columns) {
        return columns.stream().map(c -> (alias == null ? "" : alias + ".") + Quote.ident(c))
                .collect(Collectors.joining(", "));
    }

    /** By key through LATERAL, so that each key is an index lookup in every branch of a merged view. */
    private static String lookup(String relation, List<String> keys) {
        return "(SELECT x.* FROM " + relation + " AS x WHERE " + join("x", "k", keys) + " OFFSET 0)";
    }

    private static String join(String a, String b, List<String> keys) {
        return keys.stream().map(k -> a + "." + Quote.ident(k) + " = " + b + "." + Quote.ident(k))
                .collect(Collectors.joining(" AND "));
    }

    private static String nulls(int n) {
        return String.join(", ", Collections.nCopies(n, "NULL::text"));
    }

    private static String sep(List<?> list) {
        return list.isEmpty() ? "" : ", ";
    }
}
