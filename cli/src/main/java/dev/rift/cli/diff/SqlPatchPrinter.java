package dev.rift.cli.diff;

import dev.rift.cow.DdlLogEntry;
import dev.rift.cow.Quote;
import dev.rift.cow.diff.BranchDiff;
import dev.rift.cow.diff.DiffTable;
import dev.rift.cow.diff.PatchStatements;
import dev.rift.cow.diff.RowChange;
import dev.rift.cow.diff.SequencePosition;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

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
        Map<String, String> match = new LinkedHashMap<>(change.oldValues());
        match.keySet().retainAll(t.columns()); // a column the branch dropped is gone once its DDL ran
        return PatchStatements.delete(t.table(), t.keyColumns(), change.key(), match) + ";";
    }

    private static String update(DiffTable t, RowChange change) {
        List<String> set = change.changed().stream().filter(c -> !t.generated().contains(c)).toList();
        String sql = PatchStatements.update(t.table(), t.keyColumns(), change.key(), set, change.newValues());
        return sql == null ? null : sql + ";";
    }

    private static String insert(DiffTable t, RowChange change) {
        return PatchStatements.insert(t.table(), t.writableColumns(), change.newValues()) + ";";
    }
}
