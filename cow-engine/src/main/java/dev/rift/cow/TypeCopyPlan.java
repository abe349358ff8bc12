package dev.rift.cow;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How a branch takes its own copy of upstream types before DDL changes them (docs/ddl.md): statements that make the
 * copies, the upstream tables whose columns use the types (to be materialized), and statements that, after the
 * materialization, move every column of the branch's own tables from the upstream type to the copy.
 */
public record TypeCopyPlan(List<String> before, Set<TableId> tables, List<String> after) {
    public static final TypeCopyPlan NONE = new TypeCopyPlan(List.of(), Set.of(), List.of());

    public TypeCopyPlan {
        before = List.copyOf(before);
        tables = Set.copyOf(tables);
        after = List.copyOf(after);
    }

    /** The materialization of the tables (if any) between the statements that make the copies and move columns. */
    public MaterializationPlan around(Optional<MaterializationPlan> materialization) {
        List<String> statements = new ArrayList<>(before);
        materialization.ifPresent(m -> statements.addAll(m.statements()));
        statements.addAll(after);
        return new MaterializationPlan(statements, materialization.map(MaterializationPlan::tables).orElse(List.of()),
                materialization.map(MaterializationPlan::sequences).orElse(List.of()),
                materialization.map(MaterializationPlan::views).orElse(List.of()));
    }
}
