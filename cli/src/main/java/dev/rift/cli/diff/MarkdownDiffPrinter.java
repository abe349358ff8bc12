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
 * {@code rift diff --format markdown}: a summary for a pull request (GitHub's job summary, a merge request note).
 * One table with a row of counts per changed table and a total, the schema changes as SQL, and for each changed
 * table its first rows in a collapsed {@code <details>} block. Values are escaped for GitHub-flavoured Markdown
 * tables: Markdown punctuation and {@code |} with a backslash, line breaks as {@code <br>}, SQL NULL in italics.
 * Counting needs every row, so each table is read once, keeping only its first {@code rowsPerTable} changes.
 */
public final class MarkdownDiffPrinter implements DiffPrinter {
    /** Characters that would start Markdown or HTML syntax inside a table cell, or end the cell ({@code |}). */
    private static final String PUNCTUATION = "\\`*_[]<>|~&";

    private final PrintWriter out;
    private final int rowsPerTable;

    public MarkdownDiffPrinter(PrintWriter out, int rowsPerTable) {
        if (rowsPerTable < 0) {
            throw new IllegalArgumentException("--rows must be 0 or more");
        }
        this.out = out;
        this.rowsPerTable = rowsPerTable;
    }

    private record TableChanges(DiffTable table, DiffCounts counts, List<RowChange> first) {
    }

    @Override
    public void print(BranchDiff diff, boolean statOnly, DiffProgress progress) {
        print(DiffSource.of(diff), statOnly, progress);
    }

    /** The same Markdown from any source of a diff, e.g. the JSON a server streamed ({@code rift --server}). */
    public void print(DiffSource diff, boolean statOnly, DiffProgress progress) {
        List<TableChanges> changed = new ArrayList<>();
        DiffCounts total = new DiffCounts();
        for (DiffTable t : diff.tables()) {
            TableChanges c = new TableChanges(t, new DiffCounts(), new ArrayList<>());
            diff.rows(t, change -> {
                c.counts().add(change);
                progress.row(t);
                if (!statOnly && c.first().size() < rowsPerTable) {
                    c.first().add(change);
                }
            });
            if (!c.counts().isEmpty()) {
                changed.add(c);
                total.add(c.counts());
            }
        }
        List<DdlLogEntry> ddl = diff.ddl();
        out.println("### rift diff: " + cell(diff.branch()) + " against " + cell(diff.against()));
        out.println();
        summary(changed, total);
        out.println();
        out.println("**Schema changes:** " + (ddl.isEmpty() ? "none" : ddl.size() + (ddl.size() == 1 ? " statement"
                : " statements")));
        if (!statOnly && !ddl.isEmpty()) {
            schema(ddl);
        }
        if (!statOnly && rowsPerTable > 0) {
            changed.forEach(this::rows);
        }
    }

    private void summary(List<TableChanges> changed, DiffCounts total) {
        if (changed.isEmpty()) {
            out.println("No rows changed.");
            return;
        }
        out.println("| table | inserted | updated | deleted |");
        out.println("| --- | ---: | ---: | ---: |");
        for (TableChanges c : changed) {
            out.println("| " + cell(c.table().table().toString()) + " | " + c.counts().inserted() + " | "
                    + c.counts().updated() + " | " + c.counts().deleted() + " |");
        }
        out.println("| **total (" + changed.size() + (changed.size() == 1 ? " table" : " tables") + ")** | **"
                + total.inserted() + "** | **" + total.updated() + "** | **" + total.deleted() + "** |");
    }

    private void schema(List<DdlLogEntry> ddl) {
        StringBuilder sql = new StringBuilder();
        for (DdlLogEntry e : ddl) {
            String s = e.statement().strip();
            sql.append(s.endsWith(";") ? s : s + ";").append('\n');
        }
        // A fence longer than any run of backticks in the SQL, so no statement can close it.
        String fence = "`".repeat(Math.max(3, longestBacktickRun(sql) + 1));
        out.println();
        out.println(fence + "sql");
        out.print(sql);
        out.println(fence);
    }

    private void rows(TableChanges c) {
        long n = c.counts().inserted() + c.counts().updated() + c.counts().deleted();
        DiffTable t = c.table();
        out.println();
        out.println("<details><summary>" + html(t.table().toString()) + ": "
                + (n > c.first().size() ? "first " + c.first().size() + " of " + n : "all " + n)
                + (n == 1 ? " changed row" : " changed rows") + "</summary>");
        out.println();
        out.println("| change | " + (t.keyColumns().isEmpty() ? "row" : cell(String.join(", ", t.keyColumns())))
                + " | values |");
        out.println("| --- | --- | --- |");
        for (RowChange r : c.first()) {
            out.println("| " + switch (r.kind()) {
                case INSERTED -> "inserted";
                case DELETED -> "deleted";
                case UPDATED -> "updated";
            } + " | " + key(r) + " | " + values(r) + " |");
        }
        out.println();
        out.println("</details>");
    }

    private static String key(RowChange r) {
        return r.key().isEmpty() ? "" : String.join(", ", r.key().stream().map(MarkdownDiffPrinter::value).toList());
    }

    private static String values(RowChange r) {
        return switch (r.kind()) {
            case INSERTED -> row(r.newValues());
            case DELETED -> row(r.oldValues());
            case UPDATED -> String.join(", ", r.changed().stream().map(col -> cell(col) + ": "
                    + (r.oldValues().containsKey(col) ? value(r.oldValues().get(col)) : "*(none)*") + " → "
                    + value(r.newValues().get(col))).toList());
        };
    }

    private static String row(Map<String, String> values) {
        return String.join(", ", values.entrySet().stream().map(e -> cell(e.getKey()) + "=" + value(e.getValue()))
                .toList());
    }

    private static String value(String v) {
        return v == null ? "*NULL*" : cell(v);
    }

    /** Text as one GitHub-flavoured Markdown table cell shows it literally. */
    static String cell(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '\r') {
                if (i + 1 < s.length() && s.charAt(i + 1) == '\n') {
                    continue; // \r\n is one line break
                }
                b.append("<br>");
            } else if (ch == '\n') {
                b.append("<br>");
            } else if (PUNCTUATION.indexOf(ch) >= 0) {
                b.append('\\').append(ch);
            } else {
                b.append(ch);
            }
        }
        return b.toString();
    }

    /** Text inside an HTML element ({@code <summary>}). */
    private static String html(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static int longestBacktickRun(CharSequence s) {
        int longest = 0;
        int run = 0;
        for (int i = 0; i < s.length(); i++) {
            run = s.charAt(i) == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        return longest;
    }
}
