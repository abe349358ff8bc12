package dev.rift.cow;

import java.util.List;

/**
 * How to make upstream tables own tables of a branch (docs/ddl.md): statements for the client's transaction, and
 * the tables they materialize (more than were asked for when foreign keys link them).
 */
public record MaterializationPlan(List<String> statements, List<TableId> tables, List<TableId> sequences) {
    public MaterializationPlan {
        statements = List.copyOf(statements);
        tables = List.copyOf(tables);
        sequences = List.copyOf(sequences);
    }
}
