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
 * strategy roll everything back. On main the merged tables' user triggers do not fire ({@link QuietTriggers}).
 */
public final class MergeApplication {
    private static final Logger log = LoggerFactory.getLogger(MergeApplication.class);

    private final BranchMerge merge;
    private final Connection target;
    private final MergeStrategy strategy;
    private final boolean targetIsUpstream;
    private final List<MergeConflict> conflicts = new ArrayList<>();
    private long inserted;
    private long deleted;
    private long updated;

    /**
     * @param targetIsUpstream whether {@code target} is a connection to the upstream itself rather than a session on a
     *                         branch through rift's proxy (which reads a sequence only through its functions)
     */
    public MergeApplication(BranchMerge merge, Connection target, MergeStrategy strategy, boolean targetIsUpstream) {
        this.merge = merge;
        this.target = target;
        this.strategy = strategy;
        this.targetIsUpstream = targetIsUpstream;
    }

    public MergeResult run() {
        try {
            target.setAutoCommit(false);
            try (Statement st = target.createStatement()) {
                for (DdlLogEntry e : merge.ddl()) {
                    st.execute(e.statement());
                }
                QuietTriggers quiet = targetIsUpstream ? QuietTriggers.disable(target, st, merge.tables()) : null;
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
                for (SequencePosition s : merge.sequences()) {
                    advance(st, s);
                }
                if (quiet != null) {
                    quiet.restore(st);
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

    /**
     * Moves the target's sequence to at least the branch's position, so the rows merged in and the target's next
     * values do not collide. On a branch the sequence is the branch's own copy, reachable through {@code nextval} and
     * {@code setval} only (a {@code SELECT last_value FROM seq} would read the upstream's), so its position is taken
     * by one {@code nextval}: a gap of one, as a rolled-back insert leaves.
     */
    private void advance(Statement st, SequencePosition s) throws SQLException {
        String seq = Quote.literal(s.sequence().sql());
        String current = targetIsUpstream ? "(SELECT last_value FROM " + s.sequence().sql() + ")"
                : "nextval(" + seq + ")";
        st.execute("SELECT setval(" + seq + ", greatest(" + s.lastValue() + ", " + current + "))");
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
                expectOne(st, PatchStatements.delete(t.table(), t.keyColumns(), row.key(), row.ours())
                        + " AND " + PatchStatements.matching(row.ours()), t, row);
                deleted++;
            } else if (!firstPass && row.theirs() != null && row.ours() == null) {
                st.execute(PatchStatements.insert(t.table(), t.writableColumns(), row.theirs()));
                inserted++;
            } else if (!firstPass && row.theirs() != null) {
                List<String> changed = t.writableColumns().stream()
                        .filter(c -> !Objects.equals(row.ours().get(c), row.theirs().get(c))).toList();
                String update = PatchStatements.update(t.table(), t.keyColumns(), row.key(), changed, row.theirs());
                if (update != null) {
                    expectOne(st, update + " AND " + PatchStatements.matching(row.ours()), t, row);
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
                long gone = st.executeUpdate("DELETE FROM " + t.table().sql() + " WHERE "
                        + PatchStatements.matching(row.row()));
                if (gone != row.ours()) {
                    throw changedMeanwhile(t, "a row without a key now has " + gone + " copies, not " + row.ours());
                }
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

    /**
     * Runs a delete or update guarded by the target's row as the merge read it, so a row the target changed since
     * (another session's commit) is not overwritten: the merge stops with 40001 and nothing is applied.
     */
    private void expectOne(Statement st, String guarded, MergeTable t, MergeRow row) throws SQLException {
        if (st.executeUpdate(guarded) != 1) {
            throw changedMeanwhile(t, "the row with key " + row.key() + " is not as the merge read it");
        }
    }

    private OverlayException changedMeanwhile(MergeTable t, String what) {
        return new OverlayException("40001", "merge of \"" + merge.branch() + "\" into \"" + merge.into()
                + "\" stopped, nothing applied: table " + t.table() + " changed in \"" + merge.into()
                + "\" while the merge ran (" + what + "); run the merge again");
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
