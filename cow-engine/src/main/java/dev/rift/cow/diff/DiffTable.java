package dev.rift.cow.diff;

import dev.rift.cow.TableId;

import java.util.List;
import java.util.Set;

/**
 * One table of a branch diff (docs/diff.md): how its rows are compared, and the relations compared.
 *
 * @param table       the logical name both sides know it by
 * @param how         how the rows are found
 * @param keyColumns  the primary key (empty for {@link How#UNKEYED})
 * @param columns     the branch's columns, in order
 * @param generated   the branch's generated columns (never written by a patch)
 * @param oldColumns  the other side's columns (empty for {@link How#CREATED})
 * @param oldRelation the other side's relation (quoted SQL), null for {@link How#CREATED}
 * @param newRelation the branch's relation (quoted SQL)
 * @param shadows     for {@link How#SHADOWED}: the shadows whose keys are the only rows that can differ
 */
public record DiffTable(TableId table, How how, List<String> keyColumns, List<String> columns, Set<String> generated,
                        Set<String> oldColumns, String oldRelation, String newRelation, List<String> shadows) {

    public enum How {
        /** Same table on both sides: only the keys of the layers they do not share can differ. O(changed rows). */
        SHADOWED,
        /** A table one side materialized (DDL): every row compared by primary key. O(table). */
        KEYED,
        /** A table without a primary key: compared as multisets of rows. O(table). */
        UNKEYED,
        /** A table the branch created: every row is inserted. */
        CREATED
    }

    public DiffTable {
        keyColumns = List.copyOf(keyColumns);
        columns = List.copyOf(columns);
        generated = Set.copyOf(generated);
        oldColumns = Set.copyOf(oldColumns);
        shadows = List.copyOf(shadows);
    }

    /** Columns a patch writes: the branch's, without generated ones. */
    public List<String> writableColumns() {
        return columns.stream().filter(c -> !generated.contains(c)).toList();
    }
}
