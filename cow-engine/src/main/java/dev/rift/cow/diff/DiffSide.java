package dev.rift.cow.diff;

import dev.rift.cow.Quote;
import dev.rift.cow.TableId;
import dev.rift.cow.ddl.LayerNames;
import dev.rift.cow.layer.LayerStack;
import dev.rift.storage.catalog.LayerEntry;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The tables one side of a diff sees (a branch, or main when {@code stack} is null): upstream tables its stack does
 * not hide, read through the topmost layer that holds them, and the own tables its DDL made (docs/ddl.md).
 */
public record DiffSide(LayerStack stack, Map<TableId, Table> tables) {

    /** A table as the side sees it: the physical table its rows start from and the relation to read them from. */
    public record Table(long relid, String read, boolean own) {
    }

    public static DiffSide load(Connection c, LayerStack stack) throws SQLException {
        List<Long> layers = stack == null ? List.of() : stack.layerIds();
        Array ids = c.createArrayOf("bigint", layers.toArray());
        Set<Long> hidden = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT relid::bigint FROM rift.layer_hidden WHERE layer_id = ANY (?)")) {
            ps.setArray(1, ids);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    hidden.add(rs.getLong(1));
                }
            }
        }
        Map<TableId, Table> tables = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT n.nspname, c.relname, c.oid::bigint FROM pg_class c"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'r'"
                + " AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%' ORDER BY 1, 2")) {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long relid = rs.getLong(3);
                    TableId id = new TableId(rs.getString(1), rs.getString(2));
                    if (LayerNames.isRiftSchema(id.schema()) || hidden.contains(relid)) {
                        continue;
                    }
                    String read = topmost(stack, relid).map(e -> new LayerNames(e.layerId()).merged(relid))
                            .orElse(id.sql());
                    tables.put(id, new Table(relid, read, false));
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT s.logical_schema, c.relname, c.oid::bigint,"
                + " n.nspname FROM rift.layer_schemas s JOIN pg_namespace n ON n.nspname = s.physical_schema"
                + " JOIN pg_class c ON c.relnamespace = n.oid AND c.relkind = 'r'"
                + " WHERE s.layer_id = ? ORDER BY 1, 2")) {
            // Own tables live in the top layer; a frozen layer's are the snapshot the layers above were copied from.
            ps.setLong(1, layers.isEmpty() ? -1 : layers.get(0));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long relid = rs.getLong(3);
                    if (!hidden.contains(relid)) {
                        tables.put(new TableId(rs.getString(1), rs.getString(2)),
                                new Table(relid, Quote.ident(rs.getString(4)) + "." + Quote.ident(rs.getString(2)), true));
                    }
                }
            }
        }
        return new DiffSide(stack, tables);
    }

    public List<Long> layerIds() {
        return stack == null ? List.of() : stack.layerIds();
    }

    private static Optional<LayerEntry> topmost(LayerStack stack, long relid) {
        return stack == null ? Optional.empty() : stack.topmostTable(relid, 0);
    }

    /** The entries this side's layers outside {@code shared} hold for the table. */
    public List<LayerEntry> entriesOutside(Set<Long> shared, long relid) {
        if (stack == null) {
            return List.of();
        }
        return stack.layers().stream().filter(l -> !shared.contains(l.id()))
                .map(l -> l.tables().get(relid)).filter(e -> e != null).toList();
    }
}
