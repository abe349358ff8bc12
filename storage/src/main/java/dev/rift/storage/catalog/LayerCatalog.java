package dev.rift.storage.catalog;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The layer half of the catalog: {@code rift.layers}, {@code rift.layer_tables}, {@code rift.layer_sequences}.
 * Every method runs in the caller's transaction.
 */
public final class LayerCatalog {

    LayerCatalog() {}

    /** A new, unfrozen, empty layer on {@code below} (null: on the upstream itself); returns its id. */
    public long insertLayer(Connection c, Long below) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO rift.layers (below) VALUES (?) RETURNING id")) {
            if (below == null) {
                ps.setNull(1, java.sql.Types.BIGINT);
            } else {
                ps.setLong(1, below);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    public void freeze(Connection c, long layerId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE rift.layers SET frozen = true WHERE id = ?")) {
            ps.setLong(1, layerId);
            ps.executeUpdate();
        }
    }

    /** The layer {@code top} and every layer under it, top to bottom. */
    public List<LayerRecord> stack(Connection c, long top) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "WITH RECURSIVE s(id, below, frozen, depth) AS ("
                        + " SELECT id, below, frozen, 0 FROM rift.layers WHERE id = ?"
                        + " UNION ALL SELECT l.id, l.below, l.frozen, s.depth + 1"
                        + " FROM rift.layers l JOIN s ON l.id = s.below)"
                        + " SELECT id, below, frozen FROM s ORDER BY depth")) {
            ps.setLong(1, top);
            try (ResultSet rs = ps.executeQuery()) {
                List<LayerRecord> out = new ArrayList<>();
                while (rs.next()) {
                    Long below = rs.getObject(2, Long.class);
                    out.add(new LayerRecord(rs.getLong(1), below, rs.getBoolean(3)));
                }
                return out;
            }
        }
    }

    /** Layers no branch reaches any more (neither as its top nor under it), highest first. */
    public List<Long> unreachable(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(
                     "WITH RECURSIVE r(id) AS (SELECT top_layer FROM rift.branches"
                             + " UNION SELECT l.below FROM rift.layers l JOIN r ON l.id = r.id"
                             + " WHERE l.below IS NOT NULL)"
                             + " SELECT id FROM rift.layers WHERE id NOT IN (SELECT id FROM r) ORDER BY id DESC")) {
            List<Long> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getLong(1));
            }
            return out;
        }
    }

    /** Deletes layer rows (their table and sequence entries go with them). */
    public void delete(Connection c, Collection<Long> layerIds) throws SQLException {
        if (layerIds.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM rift.layers WHERE id = ANY (?)")) {
            ps.setArray(1, idArray(c, layerIds));
            ps.executeUpdate();
        }
    }

    public void addTable(Connection c, LayerEntry e) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO rift.layer_tables (layer_id, relid, schema_name, table_name, kind) VALUES (?, ?, ?, ?, ?)")) {
            ps.setLong(1, e.layerId());
            ps.setLong(2, e.relid());
            ps.setString(3, e.schema());
            ps.setString(4, e.table());
            ps.setString(5, e.kind().sql());
            ps.executeUpdate();
        }
    }

    public void addSequence(Connection c, SequenceEntry e) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO rift.layer_sequences (layer_id, relid, schema_name, sequence_name) VALUES (?, ?, ?, ?)")) {
            ps.setLong(1, e.layerId());
            ps.setLong(2, e.relid());
            ps.setString(3, e.schema());
            ps.setString(4, e.sequence());
            ps.executeUpdate();
        }
    }

    /** The tables of the given layers, by layer then relid. */
    public List<LayerEntry> tables(Connection c, Collection<Long> layerIds) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT layer_id, relid, schema_name, table_name, kind FROM rift.layer_tables"
                        + " WHERE layer_id = ANY (?) ORDER BY layer_id, relid")) {
            ps.setArray(1, idArray(c, layerIds));
            try (ResultSet rs = ps.executeQuery()) {
                List<LayerEntry> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new LayerEntry(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                            LayerEntry.Kind.of(rs.getString(5))));
                }
                return out;
            }
        }
    }

    /** The sequence copies of the given layers, by layer then relid. */
    public List<SequenceEntry> sequences(Connection c, Collection<Long> layerIds) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT layer_id, relid, schema_name, sequence_name FROM rift.layer_sequences"
                        + " WHERE layer_id = ANY (?) ORDER BY layer_id, relid")) {
            ps.setArray(1, idArray(c, layerIds));
            try (ResultSet rs = ps.executeQuery()) {
                List<SequenceEntry> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new SequenceEntry(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4)));
                }
                return out;
            }
        }
    }

    private static Array idArray(Connection c, Collection<Long> ids) throws SQLException {
        return c.createArrayOf("bigint", ids.toArray());
    }
}
