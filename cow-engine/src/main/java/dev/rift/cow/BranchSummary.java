package dev.rift.cow;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * A branch as {@code rift list} shows it.
 *
 * @param parent       the branch it was made from, or null when it was made from {@code main}
 * @param rowsChanged  rows the branch's own layers changed, inserted or deleted: the keys of their shadows, and in
 *                     the tables they hold whole the rows a comparison with the branch's start shows (RowsChanged)
 * @param bytes        on-disk size of the branch's own layers' tables, indexes and sequences
 * @param materialized upstream tables the branch holds whole: tables without a primary key (copied at their first
 *                     write) and tables its DDL changed (materialized, docs/ddl.md)
 * @param ddlStatements DDL statements the branch's own layers ran (its schema changes)
 */
public record BranchSummary(String name, String parent, OffsetDateTime createdAt, String mode, long rowsChanged,
                            long bytes, List<TableId> materialized, long ddlStatements) {
}
