package dev.rift.cow.merge;

import dev.rift.cow.TableId;

import java.util.List;
import java.util.Set;

/**
 * One table of a merge (docs/diff.md, "rift merge"): the keys the branch changed, where their base images are, and
 * the two relations compared, the target's ("ours") and the branch's ("theirs").
 *
 * @param created    a table the branch created: every row is inserted, the target has no rows of it
 * @param shadows    the shadows of the branch's layers the target does not share
 * @param bases      those layers' base images, lowest layer first (the first image of a key is its base)
 * @param below      for a table without a primary key: the relation under the branch's unshared layers, the base
 *                   its rows are compared with as multisets (null otherwise)
 * @param ours       the target's relation (null for a created table)
 * @param theirs     the branch's relation
 */
public record MergeTable(TableId table, boolean created, List<String> keyColumns, List<String> columns,
                         Set<String> generated, List<String> shadows, List<String> bases, String below, String ours,
                         String theirs) {
    public MergeTable {
        keyColumns = List.copyOf(keyColumns);
        columns = List.copyOf(columns);
        generated = Set.copyOf(generated);
        shadows = List.copyOf(shadows);
        bases = List.copyOf(bases);
    }

    /** Whether rows are matched as whole rows (multisets), the table having no primary key. */
    public boolean unkeyed() {
        return below != null;
    }

    public List<String> writableColumns() {
        return columns.stream().filter(c -> !generated.contains(c)).toList();
    }
}
