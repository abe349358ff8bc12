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
 * <p>Nothing in them is granted to PUBLIC: branch sessions run as session roles, which the preparation grants what
 * each client role may do with the upstream table an object stands for ({@code SessionRoles.grantBranch},
 * docs/security.md). Reads through a merged view check the session role's privileges too ({@code security_invoker}).
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
                Sql.execute(connection, List.of("CREATE SCHEMA IF NOT EXISTS " + Quote.ident(schema)));
            }
        }
    }

    /** Drops the schemas of a layer ({@code rift_l<n>}, {@code rift_l<n>_*}, {@code rift_o<n>_*}, {@code rift_v<n>_*}) with everything in them. */
    static void drop(Connection c, long layer) throws SQLException {
        String own = new LayerNames(layer).ownSchema();
        List<String> schemas = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT nspname FROM pg_namespace WHERE nspname = ? OR starts_with(nspname, ?)"
                        + " OR starts_with(nspname, ?) OR starts_with(nspname, ?) ORDER BY nspname DESC")) {
            ps.setString(1, own);
            ps.setString(2, own + "_");
            ps.setString(3, "rift_o" + layer + "_");
            ps.setString(4, "rift_v" + layer + "_");
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
