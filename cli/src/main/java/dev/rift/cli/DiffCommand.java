package dev.rift.cli;

import dev.rift.cli.diff.DiffPrinter;
import dev.rift.cli.diff.DiffProgress;
import dev.rift.cli.diff.JsonDiffPrinter;
import dev.rift.cli.diff.MarkdownDiffPrinter;
import dev.rift.cli.diff.SqlPatchPrinter;
import dev.rift.cli.diff.TextDiffPrinter;
import dev.rift.cow.diff.BranchDiff;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(name = "diff", mixinStandardHelpOptions = true,
        description = {
                "Show what a branch changed: per table the rows inserted, deleted and updated (by primary key,",
                "with the changed columns' old and new values), and the DDL it ran (see schema-diff).",
                "Rows are printed as they are read; a long diff reports progress on stderr.",
                "Formats (docs/diff.md): text (aligned; colour on a terminal), json (documented shape),",
                "sql (a patch that, applied to OTHER, makes its schema and data equal the branch's),",
                "markdown (a pull-request summary: counts per table, the DDL, the first --rows rows). Examples:",
                "  rift diff pr-42                       # against its parent",
                "  rift diff pr-42 --stat                # counts per table only",
                "  rift diff pr-42 --against main --format sql | psql app",
                "  rift diff pr-42 --format markdown >> \"$GITHUB_STEP_SUMMARY\""
        })
final class DiffCommand implements Callable<Integer> {
    enum Format { text, json, sql, markdown }

    @Spec
    CommandSpec spec;

    @Mixin
    UpstreamOption upstream;

    @Parameters(index = "0", paramLabel = "NAME", description = "The branch.")
    String name;

    @Option(names = "--against", paramLabel = "OTHER",
            description = "Compare with this branch, or main (default: the branch's parent).")
    String against;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text, json, sql or markdown (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--stat", description = "Counts per table only (text, json and markdown).")
    boolean stat;

    @Option(names = "--rows", paramLabel = "N", defaultValue = "10",
            description = "markdown: show each changed table's first N changed rows in a collapsed block; 0 for none "
                    + "(default: ${DEFAULT-VALUE}).")
    int rows;

    @Override
    public Integer call() {
        if (stat && format == Format.sql) {
            throw new IllegalArgumentException("--stat prints counts; a sql patch needs the rows: drop one of them");
        }
        PrintWriter out = spec.commandLine().getOut();
        DiffProgress progress = new DiffProgress(spec.commandLine().getErr());
        try (EngineHandle h = EngineHandle.open(upstream.resolve()); BranchDiff diff = h.engine().diff(name, against)) {
            DiffPrinter printer = switch (format) {
                case text -> new TextDiffPrinter(out, System.console() != null);
                case json -> new JsonDiffPrinter(out);
                case sql -> new SqlPatchPrinter(out);
                case markdown -> new MarkdownDiffPrinter(out, rows);
            };
            printer.print(diff, stat, progress);
            out.flush();
            progress.done();
        }
        return 0;
    }
}
