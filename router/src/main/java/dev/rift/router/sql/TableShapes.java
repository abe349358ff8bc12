package dev.rift.router.sql;

import dev.rift.cow.TableId;

import java.util.List;
import java.util.Set;

/**
 * What the router needs to know about an upstream table's definition to write preludes. Proposed as methods of
 * {@code dev.rift.cow.UpstreamCatalog}; everything here is in the engine's {@code TableShape} already
 * (columns, primary key and unique keys, incoming foreign keys).
 */
public interface TableShapes {

    /**
     * A column, its type as {@code format_type()} prints it (user types schema-qualified), and whether it is a
     * generated column (which COPY leaves out when no column list is given).
     */
    record ColumnType(String name, String type, boolean generated) {}

    /** Every column of {@code table} in column order (generated columns included). */
    List<ColumnType> columns(TableId table);

    /** The primary key and every unique constraint or unique index: each its column names in key order. */
    List<List<String>> uniqueKeys(TableId table);

    /** The primary key's column names in key order; empty when the table has none. */
    List<String> primaryKey(TableId table);

    /** Tables with a foreign key that references {@code table} (it may reference itself). */
    Set<TableId> referencingTables(TableId table);

    /** Whether a foreign key links {@code table} to any table, in either direction. */
    default boolean linkedByForeignKeys(TableId table) {
        return !referencingTables(table).isEmpty();
    }

    /** Whether {@code table} is a partitioned table or a partition (its tree goes with it). */
    default boolean inPartitionTree(TableId table) {
        return false;
    }
}
