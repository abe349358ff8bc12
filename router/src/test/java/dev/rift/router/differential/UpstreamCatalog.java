package dev.rift.router.differential;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The upstream's own schema as its catalog shows it to a direct connection (not through rift): tables and views,
 * their columns, constraints, indexes, sequences and enum types, rift's own schemas excluded. A branch's DDL must
 * leave all of it as it was.
 */
public record UpstreamCatalog(List<String> relations, List<String> columns, List<String> constraints,
                              List<String> indexes, List<String> sequences, List<String> enums) {

    /** Schemas that are not the user's: PostgreSQL's and rift's (rift, rift_catalog, rift_l*, rift_o*, ...). */
    private static final String USER_SCHEMA = "%1$s NOT IN ('pg_catalog', 'information_schema', 'pg_toast')"
            + " AND %1$s <> 'rift' AND %1$s NOT LIKE 'rift\\_%%'";

    public static UpstreamCatalog of(Connection c) throws SQLException {
        return new UpstreamCatalog(
                rows(c, "SELECT table_schema, table_name, table_type FROM information_schema.tables WHERE "
                        + user("table_schema") + " ORDER BY 1, 2"),
                rows(c, "SELECT table_schema, table_name, ordinal_position, column_name, data_type, is_nullable,"
                        + " column_default, is_identity, character_maximum_length FROM information_schema.columns"
                        + " WHERE " + user("table_schema") + " ORDER BY 1, 2, 3"),
                rows(c, "SELECT n.nspname, r.relname, con.conname, pg_get_constraintdef(con.oid) FROM pg_constraint con"
                        + " JOIN pg_class r ON r.oid = con.conrelid JOIN pg_namespace n ON n.oid = r.relnamespace"
                        + " WHERE " + user("n.nspname") + " ORDER BY 1, 2, 3"),
                rows(c, "SELECT schemaname, tablename, indexname, indexdef FROM pg_indexes WHERE "
                        + user("schemaname") + " ORDER BY 1, 2, 3"),
                rows(c, "SELECT schemaname, sequencename, data_type, start_value, increment_by FROM pg_sequences"
                        + " WHERE " + user("schemaname") + " ORDER BY 1, 2"),
                rows(c, "SELECT n.nspname, t.typname, e.enumsortorder, e.enumlabel FROM pg_enum e"
                        + " JOIN pg_type t ON t.oid = e.enumtypid JOIN pg_namespace n ON n.oid = t.typnamespace"
                        + " WHERE " + user("n.nspname") + " ORDER BY 1, 2, 3"));
    }

    private static String user(String column) {
        return String.format(USER_SCHEMA, column);
    }

    private static List<String> rows(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    row.append(i == 1 ? "" : " | ").append(rs.getString(i));
                }
                out.add(row.toString());
            }
        }
        return out;
    }
}
