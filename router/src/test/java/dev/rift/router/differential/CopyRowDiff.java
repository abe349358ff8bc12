package dev.rift.router.differential;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The oracle of {@code rift diff}: the rows that differ between two full copies, computed from their rows alone,
 * by the rules of docs/diff.md. Per table of the branch's copy ({@code schema.table}): by primary key, a key only
 * the branch has is {@code INSERTED}, one only the other has {@code DELETED}, one whose row differs in a column
 * (or that has a column the other side lacks) {@code UPDATED}; a table without a key compares as multisets of
 * rows. Each change is {@code KIND [key values]} (keyed) or {@code KIND [row values]}, sorted per table.
 */
final class CopyRowDiff {
    private CopyRowDiff() {}

    static Map<String, List<String>> of(Connection branch, Connection other) throws SQLException {
        Map<String, List<String>> out = new TreeMap<>();
        List<String> otherTables = tables(other);
        for (String table : tables(branch)) {
            List<String> columns = columns(branch, table);
            List<String> keys = primaryKey(branch, table);
            List<String> otherColumns = otherTables.contains(table) ? columns(other, table) : List.of();
            Map<List<String>, List<String>> mine = rows(branch, table, columns, columns, keys);
            Map<List<String>, List<String>> theirs = otherColumns.isEmpty() ? Map.of()
                    : rows(other, table, columns, otherColumns, keys);
            List<String> changes = keys.isEmpty() ? multisetChanges(mine, theirs)
                    : keyedChanges(mine, theirs, columns, otherColumns);
            if (!changes.isEmpty()) {
                changes.sort(null);
                out.put(table, changes);
            }
        }
        return out;
    }

    private static List<String> keyedChanges(Map<List<String>, List<String>> mine,
                                             Map<List<String>, List<String>> theirs, List<String> columns,
                                             List<String> otherColumns) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<List<String>, List<String>> e : mine.entrySet()) {
            List<String> old = theirs.get(e.getKey());
            if (old == null) {
                out.add("INSERTED " + e.getKey());
            } else if (!otherColumns.containsAll(columns) || !Objects.equals(old, e.getValue())) {
                out.add("UPDATED " + e.getKey());
            }
        }
        theirs.keySet().stream().filter(k -> !mine.containsKey(k)).forEach(k -> out.add("DELETED " + k));
        return out;
    }

    /** Rows of a table without a key, keyed by a running number; compared as multisets. */
    private static List<String> multisetChanges(Map<List<String>, List<String>> mine,
                                                Map<List<String>, List<String>> theirs) {
        Map<List<String>, Integer> balance = new HashMap<>();
        mine.values().forEach(r -> balance.merge(r, 1, Integer::sum));
        theirs.values().forEach(r -> balance.merge(r, -1, Integer::sum));
        List<String> out = new ArrayList<>();
        balance.forEach((row, n) -> {
            for (int i = 0; i < Math.abs(n); i++) {
                out.add((n > 0 ? "INSERTED " : "DELETED ") + row);
            }
        });
        return out;
    }

    /** Rows by key (or by a running number), values as text in the branch's column order (missing: null). */
    private static Map<List<String>, List<String>> rows(Connection c, String table, List<String> branchColumns,
                                                        List<String> present, List<String> keys) throws SQLException {
        List<String> select = new ArrayList<>();
        for (String col : branchColumns) {
            select.add(present.contains(col) ? quote(col) + "::text" : "NULL::text");
        }
        for (String k : keys) {
            select.add(quote(k) + "::text");
        }
        Map<List<String>, List<String>> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + String.join(", ", select) + " FROM "
                + qualified(table)); ResultSet rs = ps.executeQuery()) {
            int n = 0;
            while (rs.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= branchColumns.size(); i++) {
                    values.add(rs.getString(i));
                }
                List<String> key = new ArrayList<>();
                for (int i = 0; i < keys.size(); i++) {
                    key.add(rs.getString(branchColumns.size() + 1 + i));
                }
                out.put(keys.isEmpty() ? List.of(Integer.toString(n++)) : key, values);
            }
        }
        return out;
    }

    private static List<String> tables(Connection c) throws SQLException {
        return strings(c, "SELECT table_schema || '.' || table_name FROM information_schema.tables"
                + " WHERE table_schema NOT IN ('pg_catalog', 'information_schema') AND table_type = 'BASE TABLE'"
                + " ORDER BY 1", null);
    }

    private static List<String> columns(Connection c, String table) throws SQLException {
        return strings(c, "SELECT column_name FROM information_schema.columns"
                + " WHERE table_schema || '.' || table_name = ? ORDER BY ordinal_position", table);
    }

    private static List<String> primaryKey(Connection c, String table) throws SQLException {
        return strings(c, "SELECT k.column_name FROM information_schema.table_constraints t"
                + " JOIN information_schema.key_column_usage k ON k.constraint_name = t.constraint_name"
                + " AND k.table_schema = t.table_schema AND k.table_name = t.table_name"
                + " WHERE t.table_schema || '.' || t.table_name = ? AND t.constraint_type = 'PRIMARY KEY'"
                + " ORDER BY k.ordinal_position", table);
    }

    private static List<String> strings(Connection c, String sql, String parameter) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (parameter != null) {
                ps.setString(1, parameter);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    /** {@code schema.table} (neither holds a dot in these tests) as a quoted name. */
    private static String qualified(String table) {
        int dot = table.indexOf('.');
        return quote(table.substring(0, dot)) + "." + quote(table.substring(dot + 1));
    }

    private static String quote(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
