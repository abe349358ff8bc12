package dev.rift.cow.diff;

import dev.rift.cow.TableId;
import dev.rift.cow.ddl.LayerNames;
import dev.rift.cow.layer.LayerStack;
import dev.rift.storage.catalog.LayerEntry;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code rift list}'s "rows changed" of a branch: the rows its own layers changed, as a copy compared with what the
 * branch started from would show them. A table the branch reads through a delta counts the keys of its shadows
 * (every changed, inserted or deleted row; cheap). A table the branch holds whole (a copy of a table without a primary
 * key, a table its DDL materialized or created) has no shadow: it is compared as {@code rift diff} compares it
 * (docs/diff.md), a row counting once when inserted, deleted or updated in a column both sides have (matched by
 * primary key; without one, a changed row is one deleted and one inserted). That reads those tables whole, so only
 * branches holding one pay it.
 */
public final class RowsChanged {
    private RowsChanged() {
    }

    /** The count for the branch of {@code stack} whose own layers (those its parent does not share) are {@code own}. */
    public static long count(Connection c, LayerStack stack, List<LayerStack.Layer> own) throws SQLException {
        Set<Long> ownIds = Set.copyOf(own.stream().map(LayerStack.Layer::id).toList());
        DiffSide mine = DiffSide.load(c, stack);
        long rows = shadowKeys(c, stack, own);
        Map<TableId, DiffSide.Table> whole = new LinkedHashMap<>();
        mine.tables().forEach((id, t) -> {
            if (t.own() ? ownIds.contains(stack.top().id()) : copied(own, t.relid())) {
                whole.put(id, t);
            }
        });
        if (whole.isEmpty()) {
            return rows;
        }
        LayerStack base = new LayerStack(stack.branch(),
                stack.layers().stream().filter(l -> !ownIds.contains(l.id())).toList());
        for (DiffTable t : DiffPlanner.plan(c, new DiffSide(stack, whole), DiffSide.load(c, base))) {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(DiffQuery.sql(t))) {
                while (rs.next()) {
                    if (written(t, DiffQuery.row(t, rs))) {
                        rows++;
                    }
                }
            }
        }
        return rows;
    }

    /**
     * Whether a differing row was written: inserted, deleted, or changed in a column both sides have. A column the
     * branch's DDL added or dropped changes no row by itself (the DDL count says the table changed).
     */
    private static boolean written(DiffTable t, RowChange change) {
        return change != null && (change.kind() != RowChange.Kind.UPDATED
                || change.changed().stream().anyMatch(t.oldColumns()::contains));
    }

    private static boolean copied(List<LayerStack.Layer> own, long relid) {
        return own.stream().map(l -> l.tables().get(relid))
                .anyMatch(e -> e != null && e.kind() == LayerEntry.Kind.COPY);
    }

    /**
     * Keys the own layers' shadows hold, summed over the layers; a table the branch no longer shows (its DDL
     * materialized or dropped it) is left to the comparison of what replaced it.
     */
    private static long shadowKeys(Connection c, LayerStack stack, List<LayerStack.Layer> own) throws SQLException {
        Set<Long> hidden = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT relid::bigint FROM rift.layer_hidden WHERE layer_id = ANY (?)")) {
            ps.setArray(1, c.createArrayOf("bigint", stack.layerIds().toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    hidden.add(rs.getLong(1));
                }
            }
        }
        long keys = 0;
        for (LayerStack.Layer layer : own) {
            for (LayerEntry e : layer.tables().values()) {
                if (e.kind() == LayerEntry.Kind.DELTA && !hidden.contains(e.relid())) {
                    try (Statement s = c.createStatement(); ResultSet rs =
                            s.executeQuery("SELECT count(*) FROM " + new LayerNames(layer.id()).shadow(e.relid()))) {
                        rs.next();
                        keys += rs.getLong(1);
                    }
                }
            }
        }
        return keys;
    }
}
