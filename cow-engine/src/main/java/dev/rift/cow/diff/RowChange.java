package dev.rift.cow.diff;

import java.util.List;
import java.util.Map;

/**
 * One row that differs, values as PostgreSQL's text output ({@code null} for SQL NULL).
 *
 * @param kind    inserted (only {@code newValues}), deleted (only {@code oldValues}) or updated (both)
 * @param key     the primary key's values, in key order (for a table without one: empty)
 * @param oldValues the other side's row by column name (empty when inserted)
 * @param newValues the branch's row by column name (empty when deleted)
 * @param changed the columns whose values differ (updated rows), in the branch's column order
 */
public record RowChange(Kind kind, List<String> key, Map<String, String> oldValues, Map<String, String> newValues,
                        List<String> changed) {
    public enum Kind { INSERTED, DELETED, UPDATED }
}
