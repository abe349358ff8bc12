package dev.rift.cow.layer;

import dev.rift.cow.SchemaDivergence;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.rift.storage.catalog.BranchCatalog;
import dev.rift.storage.catalog.BranchEvents;
import dev.rift.storage.catalog.BranchRecord;

import java.util.Optional;

/**
 * Branch states, cached per branch until the branch changes: dropped by this process's own changes, and by
 * {@code NOTIFY rift_branches} from any process (all of them when the notification connection had to reconnect).
 */
public final class BranchStates implements BranchEvents.Listener {
    private static final int MAX_BRANCHES = 10_000;

    private final BranchCatalog catalog;
    private final LoadingCache<String, Optional<BranchSnapshot>> cache;

    public BranchStates(BranchCatalog catalog) {
        this.catalog = catalog;
        this.cache = Caffeine.newBuilder().maximumSize(MAX_BRANCHES).build(this::load);
    }

    public BranchSnapshot get(String branch) {
        Optional<BranchSnapshot> state = cache.get(branch);
        if (state.isEmpty()) {
            cache.invalidate(branch); // a branch another process creates next must not stay unknown here
            throw Branches.noSuchBranch(branch);
        }
        return state.get();
    }

    public void invalidate(String branch) {
        cache.invalidate(branch);
    }

    @Override
    public void changed(String branch) {
        invalidate(branch);
    }

    @Override
    public void missed() {
        cache.invalidateAll();
    }

    private static BranchSnapshot snapshot(LayerStack stack, java.sql.Connection c) throws java.sql.SQLException {
        return BranchSnapshot.of(stack, SchemaDivergence.load(c, stack.layerIds()), partitionMembers(stack, c));
    }

    /** Which of the tables the stack holds belong to partition trees upstream (read as their copies). */
    private static java.util.Set<Long> partitionMembers(LayerStack stack, java.sql.Connection c)
            throws java.sql.SQLException {
        Long[] relids = stack.layers().stream().flatMap(l -> l.tables().keySet().stream()).distinct()
                .toArray(Long[]::new);
        java.util.Set<Long> out = new java.util.HashSet<>();
        if (relids.length == 0) {
            return out;
        }
        try (java.sql.PreparedStatement ps = c.prepareStatement("SELECT oid::bigint FROM pg_class"
                + " WHERE oid = ANY (?::oid[]) AND (relkind = 'p' OR relispartition)")) {
            ps.setArray(1, c.createArrayOf("bigint", relids));
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
        }
        return out;
    }

    private Optional<BranchSnapshot> load(String branch) {
        return Branches.inTransaction(catalog, c -> {
            Optional<BranchRecord> record = catalog.branch(c, branch);
            return record.isEmpty() ? Optional.empty()
                    : Optional.of(snapshot(LayerStack.load(c, catalog, record.get()), c));
        });
    }
}
