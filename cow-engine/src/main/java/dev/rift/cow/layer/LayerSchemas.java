package dev.rift.cow.layer;

import dev.rift.cow.Quote;
import dev.rift.cow.ddl.LayerNames;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A layer's schemas: created on its first table or sequence (so creating a branch runs no DDL), and dropped with
 * everything in them when no branch reaches the layer any more.
 *
 * <p>Everything in them is granted to PUBLIC, since clients write and read a branch under their own roles: a
 * branch's data is readable and writable by every role of the upstream database that can reach the layer's
 * objects. Reads through a merged view still check the client's privileges on the upstream table
 * ({@code security_invoker}), and so does everything the triggers read below.
 */
final class LayerSchemas {
    private final Connection connection;
    private final Set<String> ensured = new HashSet<>();

    LayerSchemas(Connection connection) {
        this.connection = connection;
    }

    /** {@code rift_l<n>} and the layer's data schema for {@code upstreamSchema}. */
    void ensure(LayerNames names, String upstreamSchema) throws SQLException {
        for (String schema : List.of(names.ownSchema(), names.dataSchema(upstreamSchema))) {
            if (ensured.add(schema)) {
                Sql.execute(connection, List.of("CREATE SCHEMA IF NOT EXISTS " + Quote.ident(schema),
                        "GRANT USAGE ON SCHEMA " + Quote.ident(schema) + " TO PUBLIC"));
            }
        }
    }

    /**
     * Grants what was made in the schemas of this preparation to PUBLIC (tables, views, sequences, functions): only
     * objects PUBLIC has no grant on yet. Not {@code GRANT ... ON ALL TABLES IN SCHEMA}: that rewrites every
     * object's privileges, and would wait for a client whose open transaction changed one of them (DDL that
     * materializes a table drops the layer's objects for it) while that client waits for this preparation.
     */
    void grantToPublic() throws SQLException {
        if (ensured.isEmpty()) {
            return;
        }
        List<String> statements = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(UNGRANTED)) {
            ps.setArray(1, connection.createArrayOf("text", ensured.toArray()));
            ps.setArray(2, connection.createArrayOf("text", ensured.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String kind = switch (rs.getString(1)) {
                        case "S" -> "ALL ON SEQUENCE ";
                        case "f" -> "EXECUTE ON FUNCTION ";
                        default -> "ALL ON TABLE ";
                    };
                    statements.add("GRANT " + kind + rs.getString(2) + " TO PUBLIC");
                }
            }
        }
        Sql.execute(connection, statements);
    }

    /** Relations and functions in the schemas ($1) that PUBLIC has no privilege on: kind ('S', 'f', or a table's), name. */
    private static final String UNGRANTED = """
            SELECT CASE c.relkind WHEN 'S' THEN 'S' ELSE 'r' END, c.oid::regclass::text
            FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = ANY (?) AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
              AND NOT EXISTS (SELECT 1 FROM aclexplode(c.relacl) a WHERE a.grantee = 0)
            UNION ALL
            SELECT 'f', p.oid::regprocedure::text
            FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
            WHERE n.nspname = ANY (?) AND p.prokind IN ('f', 'p')
              AND NOT EXISTS (SELECT 1 FROM aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a
                              WHERE a.grantee = 0 AND a.privilege_type = 'EXECUTE')
            ORDER BY 1, 2
            """;

    /** Drops the schemas of a layer ({@code rift_l<n>} and {@code rift_l<n>_*}) with everything in them. */
    static void drop(Connection c, long layer) throws SQLException {
        String own = new LayerNames(layer).ownSchema();
        List<String> schemas = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT nspname FROM pg_namespace WHERE nspname = ? OR starts_with(nspname, ?)"
                        + " OR starts_with(nspname, ?) ORDER BY nspname DESC")) {
            ps.setString(1, own);
            ps.setString(2, own + "_");
            ps.setString(3, "rift_o" + layer + "_");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    schemas.add(Quote.ident(rs.getString(1)));
                }
            }
        }
        if (!schemas.isEmpty()) {
            try (Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA " + String.join(", ", schemas) + " CASCADE");
            }
        }
    }
}
