package dev.rift.cow.diff;

import dev.rift.cow.Quote;
import dev.rift.cow.TableId;
import dev.rift.cow.ddl.LayerNames;
import dev.rift.cow.layer.LayerStack;
import dev.rift.storage.catalog.BranchCatalog;
import dev.rift.storage.catalog.SequenceEntry;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Opens {@link BranchDiff}s: reads both sides' layers in one repeatable-read snapshot that the diff keeps open. */
public final class BranchDiffs {
    public static final String MAIN = BranchPair.MAIN;

    private final BranchCatalog catalog;

    public BranchDiffs(BranchCatalog catalog) {
        this.catalog = catalog;
    }

    /** The diff of {@code branch} against {@code against} (null: the branch's parent; "main": the upstream). */
    public BranchDiff open(String branch, String against) {
        return BranchPair.open(catalog, branch, against, "diff", p -> new BranchDiff(branch, p.other(),
                p.connection(), p.ddl(), DiffPlanner.plan(p.connection(), p.mine(), p.theirs()), p.sequences()));
    }

    /** Sequence copies of the branch's unshared layers (topmost only) and its own sequences, under logical names. */
    public static List<SequencePosition> sequences(Connection c, LayerStack stack, Set<Long> shared)
            throws SQLException {
        List<SequencePosition> out = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        for (LayerStack.Layer layer : stack.layers()) {
            for (SequenceEntry e : layer.sequences().values()) {
                if (seen.add(e.relid()) && !shared.contains(layer.id())) {
                    TableId id = new TableId(e.schema(), e.sequence());
                    out.add(position(c, id, new LayerNames(layer.id()).sequenceCopy(id)));
                }
            }
        }
        // Own sequences live in the top layer; a frozen layer's are the snapshot the layers above were copied from.
        List<Long> own = shared.contains(stack.top().id()) ? List.of() : List.of(stack.top().id());
        try (PreparedStatement ps = c.prepareStatement("SELECT s.logical_schema, k.relname, n.nspname"
                + " FROM rift.layer_schemas s JOIN pg_namespace n ON n.nspname = s.physical_schema"
                + " JOIN pg_class k ON k.relnamespace = n.oid AND k.relkind = 'S'"
                + " WHERE s.layer_id = ANY (?) ORDER BY 1, 2")) {
            ps.setArray(1, c.createArrayOf("bigint", own.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                List<String[]> found = new ArrayList<>();
                while (rs.next()) {
                    found.add(new String[]{rs.getString(1), rs.getString(2), rs.getString(3)});
                }
                for (String[] f : found) {
                    out.add(position(c, new TableId(f[0], f[1]), Quote.ident(f[2]) + "." + Quote.ident(f[1])));
                }
            }
        }
        return out;
    }

    private static SequencePosition position(Connection c, TableId id, String relation) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT last_value, is_called FROM " + relation)) {
            rs.next();
            return new SequencePosition(id, rs.getLong(1), rs.getBoolean(2));
        }
    }
}
