package dev.rift.cow;


import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How a branch's schema differs from the upstream's (docs/ddl.md): the own schemas of its top layer, the relations
 * in them under their logical names, the upstream relations it dropped or replaced, and the last DDL log entry.
 *
 * @param ownSchemas   logical schema → the top layer's physical own schema for it
 * @param ownRelations logical name → kind, for every relation in an own schema (committed)
 * @param ownTypes     enum, composite, domain and range types in an own schema, by logical name
 * @param hidden       upstream relations the branch dropped or materialized
 * @param lastDdl      the greatest {@code rift.layer_ddl.seq} of the stack (0: none)
 * @param ownFunctions functions and procedures in an own schema, by logical name (overloads together)
 */
public record SchemaDivergence(Map<String, String> ownSchemas, Map<TableId, RelationKind> ownRelations,
                               Set<TableId> ownTypes, Set<TableId> hidden, long lastDdl, Set<TableId> ownFunctions) {
    public static final SchemaDivergence NONE = new SchemaDivergence(Map.of(), Map.of(), Set.of(), Set.of(), 0);

    public SchemaDivergence {
        ownSchemas = Map.copyOf(ownSchemas);
        ownRelations = Map.copyOf(ownRelations);
        ownTypes = Set.copyOf(ownTypes);
        hidden = Set.copyOf(hidden);
        ownFunctions = Set.copyOf(ownFunctions);
    }

    /** A divergence without functions of its own. */
    public SchemaDivergence(Map<String, String> ownSchemas, Map<TableId, RelationKind> ownRelations,
                            Set<TableId> ownTypes, Set<TableId> hidden, long lastDdl) {
        this(ownSchemas, ownRelations, ownTypes, hidden, lastDdl, Set.of());
    }

    /** This divergence with {@code relations} and {@code hidden} in place of its own (a transaction's pending DDL). */
    public SchemaDivergence with(Map<TableId, RelationKind> relations, Set<TableId> hidden) {
        return new SchemaDivergence(ownSchemas, relations, ownTypes, hidden, lastDdl, ownFunctions);
    }

    public boolean isEmpty() {
        return ownSchemas.isEmpty() && hidden.isEmpty();
    }

    public static SchemaDivergence load(Connection c, List<Long> stack) throws SQLException {
        long top = stack.get(0);
        Map<String, String> schemas = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                // A branch's schema its DROP SCHEMA dropped (or whose CREATE SCHEMA rolled back) is gone.
                "SELECT logical_schema, physical_schema FROM rift.layer_schemas"
                        + " JOIN pg_namespace n ON n.nspname = physical_schema WHERE layer_id = ?")) {
            ps.setLong(1, top);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    schemas.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        Map<TableId, RelationKind> own = new HashMap<>();
        if (!schemas.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT s.logical_schema, c.relname, c.relkind::text"
                    + " FROM rift.layer_schemas s JOIN pg_namespace n ON n.nspname = s.physical_schema"
                    + " JOIN pg_class c ON c.relnamespace = n.oid"
                    + " WHERE s.layer_id = ? AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')")) {
                ps.setLong(1, top);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        own.put(new TableId(rs.getString(1), rs.getString(2)),
                                RelationKind.of(rs.getString(3).charAt(0)));
                    }
                }
            }
        }
        Set<TableId> types = schemas.isEmpty() ? Set.of() : ownNames(c, top, "pg_type t ON t.typnamespace = n.oid",
                "t.typname", "t.typtype IN ('e', 'c', 'd', 'r') AND t.typrelid = 0");
        Set<TableId> functions = schemas.isEmpty() ? Set.of() : ownNames(c, top, "pg_proc p ON p.pronamespace = n.oid",
                "p.proname", "true");
        Array ids = c.createArrayOf("bigint", stack.toArray());
        Set<TableId> hidden = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT n.nspname, c.relname FROM rift.layer_hidden h"
                + " JOIN pg_class c ON c.oid = h.relid JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE h.layer_id = ANY (?)")) {
            ps.setArray(1, ids);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    hidden.add(new TableId(rs.getString(1), rs.getString(2)));
                }
            }
        }
        long lastDdl;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT coalesce(max(seq), 0) FROM rift.layer_ddl WHERE layer_id = ANY (?)")) {
            ps.setArray(1, ids);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                lastDdl = rs.getLong(1);
            }
        }
        return new SchemaDivergence(schemas, own, types, hidden, lastDdl, functions);
    }

    /** Names of objects in the own schemas of layer {@code top}, by logical schema: {@code catalog} joined to n. */
    private static Set<TableId> ownNames(Connection c, long top, String catalog, String name, String condition)
            throws SQLException {
        Set<TableId> out = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT s.logical_schema, " + name
                + " FROM rift.layer_schemas s JOIN pg_namespace n ON n.nspname = s.physical_schema JOIN " + catalog
                + " WHERE s.layer_id = ? AND " + condition)) {
            ps.setLong(1, top);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new TableId(rs.getString(1), rs.getString(2)));
                }
            }
        }
        return out;
    }
}
