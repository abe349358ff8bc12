package dev.rift.cow.diff;

import dev.rift.cow.DdlLogEntry;
import dev.rift.cow.OverlayException;
import dev.rift.cow.Quote;
import dev.rift.cow.TableId;
import dev.rift.cow.ddl.LayerNames;
import dev.rift.cow.layer.LayerStack;
import dev.rift.cow.layer.SchemaLog;
import dev.rift.storage.catalog.BranchCatalog;
import dev.rift.storage.catalog.BranchRecord;
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
    public static final String MAIN = "main";

    private final BranchCatalog catalog;

    public BranchDiffs(BranchCatalog catalog) {
        this.catalog = catalog;
    }

    /** The diff of {@code branch} against {@code against} (null: the branch's parent; "main": the upstream). */
    public BranchDiff open(String branch, String against) {
        Connection c = null;
        try {
            c = catalog.dataSource().getConnection();
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
            }
            BranchRecord mine = record(c, branch);
            String other = against != null ? against : mine.parent() == null ? MAIN : mine.parent();
            LayerStack myStack = LayerStack.load(c, catalog, mine);
            LayerStack otherStack = MAIN.equals(other) ? null : LayerStack.load(c, catalog, record(c, other));
            DiffSide mySide = DiffSide.load(c, myStack);
            DiffSide otherSide = DiffSide.load(c, otherStack);
            List<DiffTable> tables = DiffPlanner.plan(c, mySide, otherSide);
            Set<Long> shared = new HashSet<>(mySide.layerIds());
            shared.retainAll(otherSide.layerIds());
            List<SequencePosition> sequences = sequences(c, myStack, shared);
            List<DdlLogEntry> ddl = new SchemaLog(catalog).divergence(branch, other);
            return new BranchDiff(branch, other, c, ddl, tables, sequences);
        } catch (SQLException e) {
            close(c);
            throw new OverlayException(e.getSQLState(), "cannot diff branch \"" + branch + "\": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            close(c);
            throw e;
        }
    }

    private BranchRecord record(Connection c, String name) throws SQLException {
        return catalog.branch(c, name)
                .orElseThrow(() -> new OverlayException("3D000", "branch \"" + name + "\" does not exist"));
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
        List<Long> own = stack.layerIds().stream().filter(l -> !shared.contains(l)).toList();
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

    private static void close(Connection c) {
        if (c != null) {
            try (c) {
                c.rollback();
            } catch (SQLException ignored) {
                // the connection is being discarded after an earlier failure, which is what gets reported
            }
        }
    }
}
