package dev.rift.testsupport;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The user's schemas ({@link UserSchemas}) as a connection's catalog lists them: tables and views, their columns,
 * constraints, indexes, sequences and enum types. Through a branch, what a client sees of its schema, compared with a
 * full copy's; on a direct connection, the upstream's own, which a branch's DDL must leave as it was.
 */
public record SchemaListing(List<String> relations, List<String> columns, List<String> constraints,
                            List<String> indexes, List<String> sequences, List<String> enums) {

    public static SchemaListing of(Connection c) throws SQLException {
        return new SchemaListing(
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
        return UserSchemas.condition(column);
    }

    private static List<String> rows(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            return RowLines.of(st, sql);
        }
    }
}
