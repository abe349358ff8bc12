package dev.rift.cow.ddl;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** A view's query as PostgreSQL prints it (without its closing semicolon) and its options, to make it again. */
record ViewDefinition(String query, String options) {

    static ViewDefinition read(Connection c, long oid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_get_viewdef(c.oid), array_to_string(c.reloptions,"
                + " ', ') FROM pg_class c WHERE c.oid = ?")) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                String query = rs.getString(1).strip();
                if (query.endsWith(";")) {
                    query = query.substring(0, query.length() - 1);
                }
                return new ViewDefinition(query, rs.getString(2) == null ? "" : rs.getString(2));
            }
        }
    }

    /** {@code CREATE VIEW name [WITH (options)] AS query}, the query as the caller moved it. */
    String create(String name, String movedQuery) {
        return "CREATE VIEW " + name + (options.isEmpty() ? "" : " WITH (" + options + ")") + " AS " + movedQuery;
    }
}
