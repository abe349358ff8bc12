package dev.rift.cli.diff;

import dev.rift.cow.DdlLogEntry;
import dev.rift.cow.diff.BranchDiff;
import dev.rift.cow.diff.DiffCounts;
import dev.rift.cow.diff.DiffTable;
import dev.rift.cow.diff.RowChange;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code rift diff --format text}: per table a line per changed row ({@code +} inserted, {@code -} deleted,
 * {@code ~} updated with {@code old → new} per changed column), keys padded to a common width; ANSI colours only
 * when writing to a terminal.
 */
public final class TextDiffPrinter implements DiffPrinter {
    private static final int KEY_WIDTH = 16;
    private static final String GREEN = "\u001b[32m";
    private static final String RED = "\u001b[31m";
    private static final String YELLOW = "\u001b[33m";
    private static final String BOLD = "\u001b[1m";
    private static final String RESET = "\u001b[0m";

    private final PrintWriter out;
    private final boolean colour;

    public TextDiffPrinter(PrintWriter out, boolean colour) {
        this.out = out;
        this.colour = colour;
    }

    @Override
    public void print(BranchDiff diff, boolean statOnly, DiffProgress progress) {
        print(DiffSource.of(diff), statOnly, progress);
    }

    /** The same text from any source of a diff, e.g. the JSON a server streamed ({@code rift --server}). */
    public void print(DiffSource diff, boolean statOnly, DiffProgress progress) {
        out.println(paint(BOLD, "diff of branch " + diff.branch() + " against " + diff.against()));
        List<DdlLogEntry> ddl = diff.ddl();
        out.println("schema: " + ddl.size() + (ddl.size() == 1 ? " statement" : " statements"));
        if (!statOnly) {
            for (DdlLogEntry e : ddl) {
                String sql = e.statement().strip();
                out.println("  " + (sql.endsWith(";") ? sql : sql + ";"));
            }
        }
        int width = diff.tables().stream().mapToInt(t -> t.table().toString().length()).max().orElse(0);
        DiffCounts total = new DiffCounts();
        List<String> changedTables = new ArrayList<>();
        for (DiffTable t : diff.tables()) {
            DiffCounts counts = new DiffCounts();
            if (!statOnly) {
                out.println();
                out.println(paint(BOLD, t.table() + (t.keyColumns().isEmpty() ? " (no primary key: whole rows)"
                        : " (by " + String.join(", ", t.keyColumns()) + ")")));
            }
            diff.rows(t, change -> {
                counts.add(change);
                progress.row(t);
                if (!statOnly) {
                    out.println(line(t, change));
                }
            });
            if (statOnly) {
                out.println(String.format("%-" + width + "s  %s %s %s", t.table(),
                        paint(GREEN, "+" + counts.inserted()), paint(RED, "-" + counts.deleted()),
                        paint(YELLOW, "~" + counts.updated())));
            } else {
                out.println("  " + counts);
            }
            total.add(counts);
            if (!counts.isEmpty()) {
                changedTables.add(t.table().toString());
            }
        }
        out.println();
        out.println("total: " + total + " in " + changedTables.size()
                + (changedTables.size() == 1 ? " table" : " tables"));
    }

    private String line(DiffTable t, RowChange change) {
        String key = key(t, change);
        String padded = String.format("%-" + KEY_WIDTH + "s", key);
        return switch (change.kind()) {
            case INSERTED -> paint(GREEN, "  + " + padded + "  " + values(change.newValues()));
            case DELETED -> paint(RED, "  - " + padded + "  " + values(change.oldValues()));
            case UPDATED -> paint(YELLOW, "  ~ " + padded + "  " + String.join(", ", change.changed().stream()
                    .map(c -> c + ": " + show(change.oldValues().get(c), change.oldValues().containsKey(c)) + " → "
                            + show(change.newValues().get(c), true)).toList()));
        };
    }

    private static String key(DiffTable t, RowChange change) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < t.keyColumns().size(); i++) {
            parts.add(t.keyColumns().get(i) + "=" + show(change.key().get(i), true));
        }
        return String.join(" ", parts);
    }

    private static String values(Map<String, String> row) {
        return String.join(", ", row.entrySet().stream().map(e -> e.getKey() + "=" + show(e.getValue(), true))
                .toList());
    }

    /** NULL as NULL; a column the other side does not have as (none). */
    private static String show(String value, boolean present) {
        return !present ? "(none)" : value == null ? "NULL" : value;
    }

    private String paint(String colourCode, String text) {
        return colour ? colourCode + text + RESET : text;
    }
}
