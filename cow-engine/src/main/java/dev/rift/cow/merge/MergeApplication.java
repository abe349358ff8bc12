package dev.rift.cow.merge;

import dev.rift.cow.DdlLogEntry;
import dev.rift.cow.OverlayException;
import dev.rift.cow.Quote;
import dev.rift.cow.diff.PatchStatements;
import dev.rift.cow.diff.SequencePosition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Applies a {@link BranchMerge} on a connection to the target (the upstream itself, or a session on the target
 * branch through rift's proxy, so the target's own overlay takes the writes) in one transaction: the branch's DDL,
 * then deletes (referencing tables first), then inserts and updates (referenced tables first). Conflicts without a
 * strategy roll everything back.
 */
public final class MergeApplication {
    private static final Logger log = LoggerFactory.getLogger(MergeApplication.class);

    private final BranchMerge merge;
    private final Connection target;
    private final MergeStrategy strategy;
    private final boolean setSequences;
    private final List<MergeConflict> conflicts = new ArrayList<>();
    private long inserted;
    private long deleted;
    private long updated;

    /**
     * @param setSequences whether to advance the target's sequences to the branch's positions (only on the upstream
     *                     itself: a branch session's {@code setval} would reach the upstream's sequence)
     */
    public MergeApplication(BranchMerge merge, Connection target, MergeStrategy strategy, boolean setSequences) {
        this.merge = merge;
        this.target = target;
        this.strategy = strategy;
        this.setSequences = setSequences;
    }

    public MergeResult run() {
        try {
            target.setAutoCommit(false);
            try (Statement st = target.createStatement()) {
                for (DdlLogEntry e : merge.ddl()) {
                    st.execute(e.statement());
                }
                List<MergeTable> referencingFirst = new ArrayList<>(merge.tables());
                Collections.reverse(referencingFirst);
                for (MergeTable t : referencingFirst) {
                    if (t.unkeyed()) {
                        merge.multisetRows(t, row -> apply(st, t, row, true));
                    } else {
                        merge.rows(t, row -> apply(st, t, row, true));
                    }
                }
                if (!conflicts.isEmpty() && strategy == null) {
                    target.rollback();
                    log.info("merge of {} into {}: {} conflicts, nothing applied", merge.branch(), merge.into(),
                            conflicts.size());
                    return new MergeResult(false, 0, 0, 0, conflicts);
                }
                for (MergeTable t : merge.tables()) {
                    if (t.unkeyed()) {
                        merge.multisetRows(t, row -> apply(st, t, row, false));
                    } else {
                        merge.rows(t, row -> apply(st, t, row, false));
                    }
                }
                if (setSequences) {
                    for (SequencePosition s : merge.sequences()) {
                        String seq = Quote.literal(s.sequence().sql());
                        st.execute("SELECT setval(" + seq + ", greatest(" + s.lastValue() + ", (SELECT last_value FROM "
                                + s.sequence().sql() + ")))");
                    }
                }
            }
            target.commit();
            log.info("merged {} into {}: {} inserted, {} deleted, {} updated, {} conflicts resolved by {}",
                    merge.branch(), merge.into(), inserted, deleted, updated, conflicts.size(), strategy);
            return new MergeResult(true, inserted, deleted, updated, conflicts);
        } catch (SQLException e) {
            rollback();
            throw new OverlayException(e.getSQLState(), "merge of \"" + merge.branch() + "\" into \"" + merge.into()
                    + "\" failed, nothing applied: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            rollback();
            throw e;
        }
    }

    /** The first pass records conflicts and deletes; the second inserts and updates. */
    private void apply(Statement st, MergeTable t, MergeRow row, boolean firstPass) {
        MergeRow.Outcome outcome = row.outcome();
        if (outcome == MergeRow.Outcome.SAME) {
            return;
        }
        if (outcome == MergeRow.Outcome.CONFLICT) {
            if (firstPass) {
                conflicts.add(new MergeConflict(t.table(), t.keyColumns(), row));
            }
            if (strategy != MergeStrategy.THEIRS) {
                return;
            }
        }
        try {
            if (firstPass && row.theirs() == null && row.ours() != null) {
                st.execute(PatchStatements.delete(t.table(), t.keyColumns(), row.key(), row.ours()));
                deleted++;
            } else if (!firstPass && row.theirs() != null && row.ours() == null) {
                st.execute(PatchStatements.insert(t.table(), t.writableColumns(), row.theirs()));
                inserted++;
            } else if (!firstPass && row.theirs() != null) {
                List<String> changed = t.writableColumns().stream()
                        .filter(c -> !Objects.equals(row.ours().get(c), row.theirs().get(c))).toList();
                String update = PatchStatements.update(t.table(), t.keyColumns(), row.key(), changed, row.theirs());
                if (update != null) {
                    st.execute(update);
                    updated++;
                }
            }
        } catch (SQLException e) {
            throw new OverlayException(e.getSQLState(), "merge of \"" + merge.branch() + "\" into \"" + merge.into()
                    + "\" failed at table " + t.table() + ", nothing applied: " + e.getMessage(), e);
        }
    }

    /**
     * A row without a key: the first pass deletes every copy the target holds, the second inserts as many as the
     * merge leaves (the target's count moved by the branch's change, or the branch's count when it wins).
     */
    private void apply(Statement st, MergeTable t, MultisetRow row, boolean firstPass) {
        MergeRow.Outcome outcome = row.outcome();
        if (outcome == MergeRow.Outcome.SAME) {
            return;
        }
        if (outcome == MergeRow.Outcome.CONFLICT) {
            if (firstPass) {
                conflicts.add(new MergeConflict(t.table(), List.of(), row.asMergeRow()));
            }
            if (strategy != MergeStrategy.THEIRS) {
                return;
            }
        }
        try {
            if (firstPass) {
                st.execute("DELETE FROM " + t.table().sql() + " WHERE " + PatchStatements.matching(row.row()));
                deleted += Math.max(0, row.ours() - row.theirs());
            } else {
                for (long i = 0; i < row.theirs(); i++) {
                    st.execute(PatchStatements.insert(t.table(), t.writableColumns(), row.row()));
                }
                inserted += Math.max(0, row.theirs() - row.ours());
            }
        } catch (SQLException e) {
            throw new OverlayException(e.getSQLState(), "merge of \"" + merge.branch() + "\" into \"" + merge.into()
                    + "\" failed at table " + t.table() + ", nothing applied: " + e.getMessage(), e);
        }
    }

    private void rollback() {
        try {
            target.rollback();
        } catch (SQLException e) {
            log.warn("rollback of the failed merge of {} into {} failed too: {}", merge.branch(), merge.into(),
                    e.getMessage());
        }
    }
}
