package dev.rift.cow.diff;

import dev.rift.cow.DdlLogEntry;
import dev.rift.cow.OverlayException;
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

/**
 * A branch and the side it is compared with (its parent by default, another branch, or main), read in one
 * repeatable-read, read-only snapshot that stays open on {@link #connection()} for the diff or merge using it:
 * both sides' layers, the branch's sequence positions in its unshared layers, and its DDL the other side lacks.
 */
public record BranchPair(Connection connection, String branch, String other, DiffSide mine, DiffSide theirs,
                         List<SequencePosition> sequences, List<DdlLogEntry> ddl) {
    public static final String MAIN = "main";

    /** What is done with the open pair. */
    public interface Work<T> {
        T with(BranchPair pair) throws SQLException;
    }

    /**
     * Opens the pair and hands it to {@code work} ({@code verb}, "diff" or "merge", names it in errors); on failure the snapshot is closed and the error reported, else
     * {@code work}'s result owns the connection.
     */
    public static <T> T open(BranchCatalog catalog, String branch, String other, String verb, Work<T> work) {
        Connection c = null;
        try {
            c = catalog.dataSource().getConnection();
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
            }
            BranchRecord mine = record(catalog, c, branch);
            String against = other != null ? other : mine.parent() == null ? MAIN : mine.parent();
            LayerStack myStack = LayerStack.load(c, catalog, mine);
            LayerStack otherStack = MAIN.equals(against) ? null
                    : LayerStack.load(c, catalog, record(catalog, c, against));
            DiffSide mySide = DiffSide.load(c, myStack);
            DiffSide otherSide = DiffSide.load(c, otherStack);
            Set<Long> shared = new HashSet<>(mySide.layerIds());
            shared.retainAll(otherSide.layerIds());
            List<SequencePosition> sequences = BranchDiffs.sequences(c, myStack, shared);
            List<DdlLogEntry> ddl = new SchemaLog(catalog).divergence(branch, against);
            return work.with(new BranchPair(c, branch, against, mySide, otherSide, sequences, ddl));
        } catch (SQLException e) {
            close(c);
            throw new OverlayException(e.getSQLState(), "cannot " + verb + " branch \"" + branch + "\": "
                    + e.getMessage(), e);
        } catch (RuntimeException e) {
            close(c);
            throw e;
        }
    }

    private static BranchRecord record(BranchCatalog catalog, Connection c, String name) throws SQLException {
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
