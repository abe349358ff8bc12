package dev.rift.cow.shape;

import dev.rift.cow.RelationKind;
import dev.rift.cow.TableId;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Everything about an upstream table that a layer must reproduce (columns, keys, checks, foreign keys in both
 * directions) or that makes the overlay refuse it.
 *
 * @param unsupported constraints or indexes rift cannot enforce across a layer (exclusion constraints, unique
 *                    indexes on expressions or with a predicate), described for the refusal message
 */
public record TableShape(long relid, TableId id, RelationKind kind, List<Column> columns,
                         Optional<UniqueKey> primaryKey, List<UniqueKey> uniqueKeys, List<CheckConstraint> checks,
                         List<ForeignKey> outgoing, List<ForeignKey> incoming, Flags flags, List<String> unsupported) {

    /** Properties that make a table impossible to overlay faithfully. */
    public record Flags(boolean partition, boolean inheritanceChild, boolean inheritanceParent,
                        boolean userTriggers, boolean rules, boolean rowSecurity) {
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

    /** Why the overlay cannot give this table a delta or copy, or empty when it can. */
    public Optional<String> refusal() {
        List<String> reasons = new ArrayList<>();
        switch (kind) {
            case TABLE -> { }
            case PARTITIONED_TABLE -> reasons.add("it is a partitioned table");
            case FOREIGN_TABLE -> reasons.add("it is a foreign table");
            case VIEW -> reasons.add("it is a view");
            case MATERIALIZED_VIEW -> reasons.add("it is a materialized view");
            default -> reasons.add("it is not a table (relkind " + kind + ")");
        }
        if (flags.partition()) {
            reasons.add("it is a partition of a partitioned table");
        }
        if (flags.inheritanceChild()) {
            reasons.add("it inherits from another table");
        }
        if (flags.inheritanceParent()) {
            reasons.add("other tables inherit from it");
        }
        if (flags.userTriggers()) {
            reasons.add("it has user triggers");
        }
        if (flags.rules()) {
            reasons.add("it has rules");
        }
        if (flags.rowSecurity()) {
            reasons.add("it has row-level security enabled");
        }
        reasons.addAll(unsupported);
        return reasons.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", reasons));
    }
}
