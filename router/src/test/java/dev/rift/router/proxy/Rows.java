package dev.rift.router.proxy;

import org.postgresql.PGResultSetMetaData;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * A result set read completely into comparable values: column labels, type names and wire
 * formats (text or binary), and every row as pgjdbc's {@code getObject} sees it, with byte
 * arrays and SQL arrays turned into values that compare by content.
 */
public record Rows(List<Column> columns, List<List<Object>> rows) {

    /** One column as described by RowDescription; {@code format} 0 is text, 1 binary. */
    public record Column(String label, String typeName, int format) {}

    public static Rows of(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        PGResultSetMetaData pgMd = md.unwrap(PGResultSetMetaData.class);
        List<Column> columns = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            columns.add(new Column(md.getColumnLabel(i), md.getColumnTypeName(i), pgMd.getFormat(i)));
        }
        List<List<Object>> rows = new ArrayList<>();
        while (rs.next()) {
            List<Object> row = new ArrayList<>(columns.size());
            for (int i = 1; i <= columns.size(); i++) {
                row.add(comparable(rs.getObject(i)));
            }
            rows.add(row);
        }
        return new Rows(List.copyOf(columns), rows);
    }

    /** The value of a cell in a form whose {@code equals} compares content. */
    public static Object comparable(Object value) throws SQLException {
        if (value instanceof byte[] b) {
            return "\\x" + HexFormat.of().formatHex(b);
        }
        if (value instanceof Array a) {
            return comparable(a.getArray());
        }
        if (value instanceof Object[] elements) {
            List<Object> list = new ArrayList<>(elements.length);
            for (Object e : elements) {
                list.add(comparable(e));
            }
            return list;
        }
        if (value != null && value.getClass().isArray()) { // primitive arrays
            return Arrays.deepToString(new Object[] {value});
        }
        return value;
    }
}
