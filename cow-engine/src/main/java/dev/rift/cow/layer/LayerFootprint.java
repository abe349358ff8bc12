package dev.rift.cow.layer;

import dev.rift.storage.catalog.BranchCatalog;

import java.sql.ResultSet;
import java.sql.Statement;

/**
 * The on-disk size of every overlay layer in the upstream, in one catalog query: what {@code rift list} sums per
 * branch (its own layers' {@code rift_l<n>}, {@code rift_l<n>_*} and {@code rift_o<n>_*} schemas) without counting
 * any branch's rows, so the metrics can read it every few seconds.
 */
public final class LayerFootprint {
    private static final String SQL = "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c"
            + " JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE c.relkind IN ('r', 'S') AND n.nspname ~ '^rift_[lo][0-9]+(_|$)'";

    private final BranchCatalog catalog;

    public LayerFootprint(BranchCatalog catalog) {
        this.catalog = catalog;
    }

    public long bytes() {
        return catalog.inTransaction(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(SQL)) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
