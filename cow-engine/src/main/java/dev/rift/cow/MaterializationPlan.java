package dev.rift.cow;

import java.util.List;

/**
 * How to make upstream tables own tables of a branch (docs/ddl.md): statements for the client's transaction, and
 * the tables they materialize (more than were asked for when foreign keys link them or views read them), the
 * sequences, and the upstream views over those tables that become the branch's own views.
 */
public record MaterializationPlan(List<String> statements, List<TableId> tables, List<TableId> sequences,
                                  List<TableId> views) {
    public MaterializationPlan {
        statements = List.copyOf(statements);
        tables = List.copyOf(tables);
        sequences = List.copyOf(sequences);
        views = List.copyOf(views);
    }

    public MaterializationPlan(List<String> statements, List<TableId> tables, List<TableId> sequences) {
        this(statements, tables, sequences, List.of());
    }
}
