package dev.rift.cow.layer;

import dev.rift.cow.BranchSummary;
import dev.rift.cow.TableId;
import dev.rift.cow.ddl.LayerNames;
import dev.rift.cow.diff.RowsChanged;
import dev.rift.storage.catalog.BranchCatalog;
import dev.rift.storage.catalog.BranchRecord;
import dev.rift.storage.catalog.LayerEntry;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code rift list}: each branch with what its own layers hold. A branch's own layers are those of its stack that
 * its parent's stack does not share (for a branch made from main, all of them).
 */
public final class BranchListing {
    private final BranchCatalog catalog;

    public BranchListing(BranchCatalog catalog) {
        this.catalog = catalog;
    }

    public List<BranchSummary> list() {
        return Branches.inTransaction(catalog, c -> {
            List<BranchRecord> records = catalog.branches(c);
            Map<String, LayerStack> stacks = new HashMap<>();
            for (BranchRecord r : records) {
                stacks.put(r.name(), LayerStack.load(c, catalog, r));
            }
            List<BranchSummary> out = new ArrayList<>();
            for (BranchRecord r : records) {
                Set<Long> parentLayers = r.parent() == null || !stacks.containsKey(r.parent()) ? Set.of()
                        : new HashSet<>(stacks.get(r.parent()).layerIds());
                List<LayerStack.Layer> own = stacks.get(r.name()).layers().stream()
                        .filter(l -> !parentLayers.contains(l.id())).toList();
                out.add(summary(c, r, stacks.get(r.name()), own));
            }
            return out;
        });
    }

    private static BranchSummary summary(Connection c, BranchRecord r, LayerStack stack, List<LayerStack.Layer> own)
            throws SQLException {
        List<TableId> copies = new ArrayList<>();
        for (LayerStack.Layer layer : own) {
            for (LayerEntry e : layer.tables().values()) {
                if (e.kind() == LayerEntry.Kind.COPY) {
                    copies.add(new TableId(e.schema(), e.table()));
                }
            }
        }
        copies.addAll(materializedByDdl(c, own));
        return new BranchSummary(r.name(), r.parent(), r.createdAt(), r.mode(), RowsChanged.count(c, stack, own),
                bytes(c, own), copies, ddlStatements(c, own));
    }

    /** Upstream tables the branch's DDL replaced by own tables of the same name (docs/ddl.md). */
    private static List<TableId> materializedByDdl(Connection c, List<LayerStack.Layer> own) throws SQLException {
        List<TableId> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT n.nspname, k.relname FROM rift.layer_hidden h"
                + " JOIN pg_class k ON k.oid = h.relid AND k.relkind = 'r'"
                + " JOIN pg_namespace n ON n.oid = k.relnamespace"
                + " JOIN rift.layer_schemas s ON s.layer_id = h.layer_id AND s.logical_schema = n.nspname"
                + " WHERE h.layer_id = ANY (?) AND EXISTS (SELECT 1 FROM pg_class o JOIN pg_namespace p"
                + " ON p.oid = o.relnamespace WHERE p.nspname = s.physical_schema AND o.relname = k.relname)"
                + " ORDER BY 1, 2")) {
            ps.setArray(1, c.createArrayOf("bigint", own.stream().map(LayerStack.Layer::id).toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new TableId(rs.getString(1), rs.getString(2)));
                }
            }
        }
        return out;
    }

    private static long ddlStatements(Connection c, List<LayerStack.Layer> own) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM rift.layer_ddl WHERE layer_id = ANY (?)")) {
            ps.setArray(1, c.createArrayOf("bigint", own.stream().map(LayerStack.Layer::id).toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static long bytes(Connection c, List<LayerStack.Layer> own) throws SQLException {
        if (own.isEmpty()) {
            return 0;
        }
        // rift_l<n> and rift_l<n>_*: the layer's deltas and copies; rift_o<n>_*: what its DDL made.
        String[] schemas = own.stream().flatMap(l -> java.util.stream.Stream.of(new LayerNames(l.id()).ownSchema(),
                "rift_o" + l.id())).toArray(String[]::new);
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c"
                        + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'S')"
                        + " AND EXISTS (SELECT 1 FROM unnest(?::text[]) AS p(name)"
                        + " WHERE n.nspname = p.name OR starts_with(n.nspname, p.name || '_'))")) {
            ps.setArray(1, c.createArrayOf("text", schemas));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
