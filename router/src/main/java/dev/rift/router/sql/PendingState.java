package dev.rift.router.sql;

import dev.rift.cow.BranchState;
import dev.rift.cow.RelationKind;
import dev.rift.cow.SchemaDivergence;
import dev.rift.cow.TableId;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A branch's committed state with the DDL effects of the session's open transaction on top: what PostgreSQL shows
 * that session. Its version is unique and negative, so nothing planned against it is taken for a committed state.
 */
public final class PendingState implements BranchState {
    private static final AtomicLong VERSIONS = new AtomicLong();

    private final BranchState committed;
    private final SchemaDivergence divergence;
    private final Set<TableId> gone;
    private final long version = -VERSIONS.incrementAndGet();

    public PendingState(BranchState committed, DdlEffects effects) {
        this.committed = committed;
        SchemaDivergence d = committed.divergence();
        Map<TableId, RelationKind> own = new HashMap<>(d.ownRelations());
        effects.removed().forEach(own::remove);
        own.putAll(effects.created());
        Set<TableId> hidden = new HashSet<>(d.hidden());
        hidden.addAll(effects.hidden());
        this.divergence = d.with(own, hidden);
        this.gone = hidden;
    }

    /** The state a session sees: the committed one, or that with its open transaction's DDL. */
    public static BranchState of(BranchState committed, DdlEffects effects) {
        return effects.isEmpty() ? committed : new PendingState(committed, effects);
    }

    @Override
    public String branch() {
        return committed.branch();
    }

    @Override
    public long version() {
        return version;
    }

    @Override
    public Optional<String> readRelation(TableId table) {
        return gone.contains(table) ? Optional.empty() : committed.readRelation(table);
    }

    @Override
    public Map<String, Long> partitionCopies() {
        return committed.partitionCopies();
    }

    @Override
    public Optional<String> sequence(TableId sequence) {
        return committed.sequence(sequence);
    }

    @Override
    public List<Long> stack() {
        return committed.stack();
    }

    @Override
    public SchemaDivergence divergence() {
        return divergence;
    }

    @Override
    public boolean isEmpty() {
        return false;
    }
}
