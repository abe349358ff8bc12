package dev.rift.cow.shape;

import dev.rift.cow.TableId;

import java.util.List;

/**
 * A foreign key between two upstream tables, seen from either end.
 *
 * @param oid               the constraint's oid (names rift's trigger functions for it)
 * @param childColumns      the referencing columns, in the key's order
 * @param parentColumns     the referenced columns, in the key's order
 * @param deleteSetColumns  for {@code ON DELETE SET NULL/DEFAULT (cols)}, those columns; empty means all
 */
public record ForeignKey(long oid, String name, long childRelid, TableId child, List<String> childColumns,
                         long parentRelid, TableId parent, List<String> parentColumns,
                         ForeignKeyAction onUpdate, ForeignKeyAction onDelete, boolean matchFull,
                         boolean deferrable, boolean initiallyDeferred, List<String> deleteSetColumns) {

    public boolean writesChild() {
        return onUpdate.writesReferencingTable() || onDelete.writesReferencingTable();
    }
}
