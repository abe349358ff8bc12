package dev.rift.cow.diff;

import dev.rift.cow.Quote;
import dev.rift.cow.TableId;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The statements that take one row of a table from one state to another, by primary key, with values as literals
 * of PostgreSQL's text output (which each column's type reads back). Used by the SQL patch of {@code rift diff}
 * and by {@code rift merge}.
 */
public final class PatchStatements {
    private PatchStatements() {
    }

    /** Deletes the row with this key; without a key, one row whose given columns match (by ctid). */
    public static String delete(TableId table, List<String> keyColumns, List<String> key, Map<String, String> old) {
        if (!keyColumns.isEmpty()) {
            return "DELETE FROM " + table.sql() + " WHERE " + keyCondition(keyColumns, key);
        }
        String match = matching(old);
        return "DELETE FROM " + table.sql() + " WHERE ctid = (SELECT ctid FROM " + table.sql()
                + " WHERE " + match + " LIMIT 1)";
    }

    /** A condition that holds for the rows whose columns print as the given values. */
    public static String matching(Map<String, String> values) {
        return values.isEmpty() ? "true" : values.entrySet().stream().map(e -> Quote.ident(e.getKey())
                + "::text IS NOT DISTINCT FROM " + literal(e.getValue())).collect(Collectors.joining(" AND "));
    }

    /** Sets {@code columns} to their values in {@code values}; null when there is nothing to set. */
    public static String update(TableId table, List<String> keyColumns, List<String> key, List<String> columns,
                                Map<String, String> values) {
        if (columns.isEmpty()) {
            return null;
        }
        return "UPDATE " + table.sql() + " SET " + columns.stream()
                .map(c -> Quote.ident(c) + " = " + literal(values.get(c))).collect(Collectors.joining(", "))
                + " WHERE " + keyCondition(keyColumns, key);
    }

    /** Inserts the row; identity columns take the given values ({@code OVERRIDING SYSTEM VALUE}). */
    public static String insert(TableId table, List<String> columns, Map<String, String> values) {
        return "INSERT INTO " + table.sql() + " (" + columns.stream().map(Quote::ident)
                .collect(Collectors.joining(", ")) + ") OVERRIDING SYSTEM VALUE VALUES ("
                + columns.stream().map(c -> literal(values.get(c))).collect(Collectors.joining(", ")) + ")";
    }

    private static String keyCondition(List<String> keyColumns, List<String> key) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < keyColumns.size(); i++) {
            parts.add(Quote.ident(keyColumns.get(i)) + " = " + literal(key.get(i)));
        }
        return String.join(" AND ", parts);
    }

    public static String literal(String value) {
        return value == null ? "NULL" : Quote.literal(value);
    }
}
