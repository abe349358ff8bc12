package dev.rift.cow.layer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * {@code rift.branches.base_layer}: the layer a branch was created on (null: the upstream). A branch's top layer is
 * replaced by a fresh one whenever a child is made from it, so its own layers cannot be told from its parent's by
 * the stack alone; a reset goes back to this layer.
 */
final class BranchBase {
    private BranchBase() {
    }

    static void record(Connection c, String branch, long layer) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE rift.branches SET base_layer = ? WHERE name = ?")) {
            ps.setLong(1, layer);
            ps.setString(2, branch);
            ps.executeUpdate();
        }
    }

    /** The recorded base; empty for a branch made from main or created before rift recorded bases. */
    static Optional<Long> of(Connection c, String branch) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT base_layer FROM rift.branches WHERE name = ?")) {
            ps.setString(1, branch);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                long layer = rs.getLong(1);
                return rs.wasNull() ? Optional.empty() : Optional.of(layer);
            }
        }
    }
}
