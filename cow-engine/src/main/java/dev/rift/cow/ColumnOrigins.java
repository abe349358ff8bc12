package dev.rift.cow;

import java.util.HashMap;
import java.util.Map;

/**
 * Where the columns of a branch's merged relations and data tables come from. A read on a branch goes through a
 * merged view (a write's RETURNING through a data table), so PostgreSQL names that relation as the origin of each
 * column it returns (RowDescription's table OID and column number); a full copy would name the table. Clients look
 * columns up in the catalog by those numbers (pgjdbc's {@code getColumnTypeName} says {@code serial} only if it finds
 * the table's default), so the proxy reports the table instead. Immutable.
 */
public final class ColumnOrigins {
    public static final ColumnOrigins NONE = new ColumnOrigins(Map.of());

    /** A column of a table: its OID and column number. */
    public record Column(int table, short number) {
    }

    /**
     * One layer relation: the table it stands for, and for each of its columns (1-based, in order) the table's column
     * number (it has the table's live columns in the table's order); its row type and the table's.
     */
    public record Merged(int table, short[] columns, int rowType, int tableRowType) {
    }

    private final Map<Integer, Merged> byView;
    private final Map<Integer, Integer> rowTypes;

    public ColumnOrigins(Map<Integer, Merged> byView) {
        this.byView = Map.copyOf(byView);
        Map<Integer, Integer> types = new HashMap<>();
        byView.values().forEach(m -> types.put(m.rowType(), m.tableRowType()));
        this.rowTypes = Map.copyOf(types);
    }

    /**
     * The type a copy would report for a value of type {@code type}: a whole-row reference to a table read through a
     * layer relation ({@code SELECT c FROM customers c}) has the relation's row type, a copy's the table's.
     */
    public int type(int type) {
        return rowTypes.getOrDefault(type, type);
    }

    /** The table column that column {@code number} of relation {@code relation} reads, or null when it is not a layer relation's. */
    public Column of(int relation, short number) {
        Merged m = byView.get(relation);
        if (m == null || number < 1 || number > m.columns().length) {
            return null;
        }
        return new Column(m.table(), m.columns()[number - 1]);
    }

    public boolean isEmpty() {
        return byView.isEmpty();
    }
}
