package dev.rift.cow.shape;

import dev.rift.cow.RelationKind;
import dev.rift.cow.TableId;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Everything about an upstream table that a layer must reproduce (columns, keys, checks, foreign keys in both
 * directions), that makes a layer hold it whole, or that makes the overlay refuse it.
 *
 * @param unsupported constraints or indexes a delta cannot enforce across layers (exclusion constraints, unique
 *                    indexes on expressions or with a predicate), described for the log: a copy enforces them
 * @param partitions  the partition tree the table belongs to (as root or partition), held whole as one unit
 */
public record TableShape(long relid, TableId id, RelationKind kind, List<Column> columns,
                         Optional<UniqueKey> primaryKey, List<UniqueKey> uniqueKeys, List<CheckConstraint> checks,
                         List<ForeignKey> outgoing, List<ForeignKey> incoming, Flags flags, List<String> unsupported,
                         Optional<PartitionMember> partitions) {

    /** Properties that make a layer hold a table whole, or refuse it. */
    /**
     * @param definerTriggers the user triggers whose function is SECURITY DEFINER, described ("" when none): on a
     *                        copy they would run with their owner's rights, which may write the upstream
     */
    public record Flags(boolean partition, boolean inheritanceChild, boolean inheritanceParent,
                        boolean userTriggers, boolean rules, boolean rowSecurity, String definerTriggers) {
    }

    public boolean hasPrimaryKey() {
        return primaryKey.isPresent();
    }

    public List<String> keyColumns() {
        return primaryKey.map(UniqueKey::columns).orElse(List.of());
    }

    public Column column(String name) {
        for (Column c : columns) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException("table " + id + " has no column \"" + name + "\"");
    }

    /** Columns a copy-up or a table copy inserts explicitly: all but the generated ones. */
    public List<Column> insertableColumns() {
        return columns.stream().filter(c -> !c.isGenerated()).toList();
    }

    public boolean hasIdentityAlways() {
        return columns.stream().anyMatch(Column::isIdentityAlways);
    }

    /**
     * Why no layer can hold this table at all, or empty when it can. What a copy of the table reproduces (its
     * triggers, exclusion constraints, unique indexes on expressions or with a predicate) is not a refusal but
     * {@link #wholeCopyReasons()}, and so is row-level security (a copy carries the policies).
     */
    public Optional<String> refusal() {
        List<String> reasons = new ArrayList<>();
        switch (kind) {
            case TABLE, PARTITIONED_TABLE -> { }
            case FOREIGN_TABLE -> reasons.add("it is a foreign table");
            case VIEW -> reasons.add("it is a view");
            case MATERIALIZED_VIEW -> reasons.add("it is a materialized view");
            default -> reasons.add("it is not a table (relkind " + kind + ")");
        }
        if (flags.inheritanceChild()) {
            reasons.add("it inherits from another table");
        }
        if (flags.inheritanceParent()) {
            reasons.add("other tables inherit from it");
        }
        if (flags.rules()) {
            reasons.add("it has rules");
        }
        if (!flags.definerTriggers().isEmpty()) {
            reasons.add("its triggers " + flags.definerTriggers() + " call SECURITY DEFINER functions, which would"
                    + " act on the upstream with their owner's rights");
        }
        return reasons.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", reasons));
    }

    /**
     * Why a delta cannot reproduce this table row by row, so that a layer holds it whole (the fallback of
     * docs/overlay.md): its triggers would fire on rift's copy-up and see only the delta's rows, and its exclusion
     * constraints and unique indexes on expressions or with a predicate cannot be checked across the layers.
     * Empty when a delta can.
     */
    public List<String> wholeCopyReasons() {
        List<String> reasons = new ArrayList<>();
        if (partitions.isPresent()) {
            reasons.add("it belongs to a partition tree");
        }
        if (flags.userTriggers()) {
            reasons.add("it has user triggers");
        }
        if (flags.rowSecurity()) {
            // A delta's merged reads would bypass the policies; a copy carries them (WholeCopyDdl).
            reasons.add("it has row-level security enabled");
        }
        reasons.addAll(unsupported);
        return reasons;
    }

    /** Whether a layer holds this table as a whole copy rather than a delta. */
    public boolean heldWhole() {
        return !hasPrimaryKey() || !wholeCopyReasons().isEmpty();
    }
}
