package dev.rift.cow.merge;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A whole row of a table without a primary key that the branch has a different number of than its base: how many
 * copies the base, the target ("ours") and the branch ("theirs") hold. The same three-way rule as keyed rows, on
 * the counts.
 */
public record MultisetRow(Map<String, String> row, long base, long ours, long theirs) {

    public MergeRow.Outcome outcome() {
        if (theirs == base || ours == theirs) {
            return MergeRow.Outcome.SAME;
        }
        return ours == base ? MergeRow.Outcome.CLEAN : MergeRow.Outcome.CONFLICT;
    }

    /** As a conflict report's row: the values, each side showing how many copies it holds. */
    MergeRow asMergeRow() {
        return new MergeRow(java.util.List.of(), copies(base), copies(ours), copies(theirs));
    }

    private Map<String, String> copies(long n) {
        if (n == 0) {
            return null;
        }
        Map<String, String> m = new LinkedHashMap<>(row);
        m.put("(copies)", Long.toString(n));
        return m;
    }
}
