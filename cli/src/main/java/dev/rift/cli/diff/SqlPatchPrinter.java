package dev.rift.cli.diff;

import dev.rift.cow.DdlLogEntry;
import dev.rift.cow.Quote;
import dev.rift.cow.diff.BranchDiff;
import dev.rift.cow.diff.DiffTable;
import dev.rift.cow.diff.RowChange;
import dev.rift.cow.diff.SequencePosition;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code rift diff --format sql}: one transaction that takes the other side to the branch: the branch's DDL first
 * (so tables and columns it made exist), then deletes (referencing tables first), then updates and inserts
 * (referenced tables first), so immediate foreign keys hold after every statement; then the sequences' positions.
 * Values are literals of PostgreSQL's text output, which the column's type reads back. Each table is read twice
 * (once per pass), so nothing is held in memory.
 */
public final class SqlPatchPrinter implements DiffPrinter {
    private final PrintWriter out;

    public SqlPatchPrinter(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void print(BranchDiff diff, boolean statOnly, DiffProgress progress) {
        out.println("-- rift diff " + diff.branch() + " --against " + diff.against()
                + ": applied to " + diff.against() + ", gives it " + diff.branch() + "'s schema and data");
        out.println("BEGIN;");
        for (DdlLogEntry e : diff.ddl()) {
            String sql = e.statement().strip();
            out.println(sql.endsWith(";") ? sql : sql + ";");
        }
        List<DiffTable> referencingFirst = new ArrayList<>(diff.tables());
        java.util.Collections.reverse(referencingFirst);
        for (DiffTable t : referencingFirst) {
            diff.rows(t, change -> {
                progress.row(t);
                if (change.kind() == RowChange.Kind.DELETED) {
                    out.println(delete(t, change));
                }
            });
        }
        for (DiffTable t : diff.tables()) {
            diff.rows(t, change -> {
                if (change.kind() == RowChange.Kind.UPDATED) {
                    String update = update(t, change);
                    if (update != null) {
                        out.println(update);
                    }
                } else if (change.kind() == RowChange.Kind.INSERTED) {
                    out.println(insert(t, change));
                }
            });
        }
        for (SequencePosition s : diff.sequences()) {
            out.println("SELECT setval(" + Quote.literal(s.sequence().sql()) + ", " + s.lastValue() + ", "
                    + s.isCalled() + ");");
        }
        out.println("COMMIT;");
    }

    private static String delete(DiffTable t, RowChange change) {
        if (!t.keyColumns().isEmpty()) {
            return "DELETE FROM " + t.table().sql() + " WHERE " + keyCondition(t, change) + ";";
        }
        // No key: delete one of the identical rows, matched on the columns both sides have.
        List<String> columns = t.columns().stream().filter(c -> change.oldValues().containsKey(c)).toList();
        String match = columns.stream().map(c -> Quote.ident(c) + "::text IS NOT DISTINCT FROM "
                + literal(change.oldValues().get(c))).collect(Collectors.joining(" AND "));
        return "DELETE FROM " + t.table().sql() + " WHERE ctid = (SELECT ctid FROM " + t.table().sql()
                + (match.isEmpty() ? "" : " WHERE " + match) + " LIMIT 1);";
    }

    private static String update(DiffTable t, RowChange change) {
        List<String> set = change.changed().stream().filter(c -> !t.generated().contains(c))
                .map(c -> Quote.ident(c) + " = " + literal(change.newValues().get(c))).toList();
        return set.isEmpty() ? null : "UPDATE " + t.table().sql() + " SET " + String.join(", ", set) + " WHERE "
                + keyCondition(t, change) + ";";
    }

    private static String insert(DiffTable t, RowChange change) {
        List<String> columns = t.writableColumns();
        return "INSERT INTO " + t.table().sql() + " (" + columns.stream().map(Quote::ident)
                .collect(Collectors.joining(", ")) + ") OVERRIDING SYSTEM VALUE VALUES ("
                + columns.stream().map(c -> literal(change.newValues().get(c))).collect(Collectors.joining(", "))
                + ");";
    }

    private static String keyCondition(DiffTable t, RowChange change) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < t.keyColumns().size(); i++) {
            parts.add(Quote.ident(t.keyColumns().get(i)) + " = " + literal(change.key().get(i)));
        }
        return String.join(" AND ", parts);
    }

    private static String literal(String value) {
        return value == null ? "NULL" : Quote.literal(value);
    }
}
