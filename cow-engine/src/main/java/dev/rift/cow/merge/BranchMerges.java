package dev.rift.cow.merge;

import dev.rift.cow.DdlLogEntry;
import dev.rift.cow.OverlayException;
import dev.rift.cow.diff.BranchDiffs;
import dev.rift.cow.diff.DiffSide;
import dev.rift.cow.diff.SequencePosition;
import dev.rift.cow.layer.LayerStack;
import dev.rift.cow.layer.SchemaLog;
import dev.rift.storage.catalog.BranchCatalog;
import dev.rift.storage.catalog.BranchRecord;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Opens {@link BranchMerge}s: both sides' layers read in one repeatable-read snapshot the merge keeps open. */
public final class BranchMerges {
    private final BranchCatalog catalog;

    public BranchMerges(BranchCatalog catalog) {
        this.catalog = catalog;
    }

    /** The merge of {@code branch} into {@code into} (null: its parent; "main": the upstream). */
    public BranchMerge open(String branch, String into) {
        Connection c = null;
        try {
            c = catalog.dataSource().getConnection();
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
            }
            BranchRecord mine = record(c, branch);
            String target = into != null ? into : mine.parent() == null ? BranchDiffs.MAIN : mine.parent();
            if (target.equals(branch)) {
                throw new OverlayException("42P17", "cannot merge branch \"" + branch + "\" into itself");
            }
            LayerStack myStack = LayerStack.load(c, catalog, mine);
            LayerStack targetStack = BranchDiffs.MAIN.equals(target) ? null
                    : LayerStack.load(c, catalog, record(c, target));
            DiffSide mySide = DiffSide.load(c, myStack);
            DiffSide targetSide = DiffSide.load(c, targetStack);
            List<MergeTable> tables = MergePlanner.plan(c, mySide, targetSide);
            Set<Long> shared = new HashSet<>(mySide.layerIds());
            shared.retainAll(targetSide.layerIds());
            List<SequencePosition> sequences = BranchDiffs.sequences(c, myStack, shared);
            List<DdlLogEntry> ddl = new SchemaLog(catalog).divergence(branch, target);
            return new BranchMerge(branch, target, c, ddl, tables, sequences);
        } catch (SQLException e) {
            close(c);
            throw new OverlayException(e.getSQLState(), "cannot merge branch \"" + branch + "\": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            close(c);
            throw e;
        }
    }

    private BranchRecord record(Connection c, String name) throws SQLException {
        return catalog.branch(c, name)
                .orElseThrow(() -> new OverlayException("3D000", "branch \"" + name + "\" does not exist"));
    }

    private static void close(Connection c) {
        if (c != null) {
            try (c) {
                c.rollback();
            } catch (SQLException ignored) {
                // the connection is discarded after an earlier failure, which is what gets reported
            }
        }
    }
}
