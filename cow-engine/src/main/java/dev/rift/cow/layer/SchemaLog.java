package dev.rift.cow.layer;

import dev.rift.cow.DdlLogEntry;
import dev.rift.storage.catalog.BranchCatalog;
import dev.rift.storage.catalog.BranchRecord;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code rift schema-diff}: the DDL a branch ran that another branch (or main) does not have, in order. A branch's
 * DDL lives in its own layers; layers it shares with the other branch (those below the point where one was made
 * from the other) are left out.
 */
public final class SchemaLog {
    private final BranchCatalog catalog;

    public SchemaLog(BranchCatalog catalog) {
        this.catalog = catalog;
    }

    /** The DDL of {@code branch} that {@code against} (null or "main": the upstream) does not have. */
    public List<DdlLogEntry> divergence(String branch, String against) {
        return Branches.inTransaction(catalog, c -> {
            BranchRecord b = catalog.branch(c, branch).orElseThrow(() -> Branches.noSuchBranch(branch));
            List<Long> layers = new ArrayList<>(LayerStack.load(c, catalog, b).layerIds());
            if (against != null && !Branches.MAIN.equals(against)) {
                BranchRecord other = catalog.branch(c, against).orElseThrow(() -> Branches.noSuchBranch(against));
                Set<Long> shared = new HashSet<>(LayerStack.load(c, catalog, other).layerIds());
                layers.removeIf(shared::contains);
            }
            List<DdlLogEntry> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT seq, at, statement FROM rift.layer_ddl"
                    + " WHERE layer_id = ANY (?) ORDER BY seq")) {
                ps.setArray(1, c.createArrayOf("bigint", layers.toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new DdlLogEntry(rs.getLong(1), rs.getObject(2, OffsetDateTime.class),
                                rs.getString(3)));
                    }
                }
            }
            return out;
        });
    }
}
