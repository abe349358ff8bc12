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

    /** Grants what was made in the schemas of this preparation to PUBLIC (tables, views, sequences, functions). */
    void grantToPublic() throws SQLException {
        if (ensured.isEmpty()) {
            return;
        }
        String schemas = String.join(", ", ensured.stream().sorted().map(Quote::ident).toList());
        Sql.execute(connection, List.of("GRANT ALL ON ALL TABLES IN SCHEMA " + schemas + " TO PUBLIC",
                "GRANT ALL ON ALL SEQUENCES IN SCHEMA " + schemas + " TO PUBLIC",
                "GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA " + schemas + " TO PUBLIC"));
    }

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
