package dev.rift.cli;

import dev.rift.cli.diff.DiffPrinter;
import dev.rift.cli.diff.DiffProgress;
import dev.rift.cli.diff.JsonDiffDocument;
import dev.rift.cli.diff.JsonDiffPrinter;
import dev.rift.cli.diff.MarkdownDiffPrinter;
import dev.rift.cli.diff.SqlPatchPrinter;
import dev.rift.cli.diff.TextDiffPrinter;
import dev.rift.cow.diff.BranchDiff;
import dev.rift.web.json.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
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

    @Mixin
    Invocation invocation;

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

    @ParentCommand
    RiftCommand rift;

    @Override
    public Integer call() throws IOException {
        if (stat && format == Format.sql) {
            throw new IllegalArgumentException("--stat prints counts; a sql patch needs the rows: drop one of them");
        }
        PrintWriter out = invocation.out();
        DiffProgress progress = new DiffProgress(invocation.err());
        ApiClient server = ApiClient.of(rift);
        if (server != null) {
            return throughServer(server, out, progress);
        }
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

    /**
     * With {@code --server}: json is the server's document, copied as it streams in; text is printed from that
     * document (the whole of it, with rows even for --stat, since the text counts them), and so is markdown. A sql
     * patch needs the
     * tables' columns, which only the upstream's catalog has.
     */
    private int throughServer(ApiClient server, PrintWriter out, DiffProgress progress) throws IOException {
        if (format == Format.sql) {
            throw new IllegalArgumentException("--format sql reads the tables' columns from the upstream: run it "
                    + "without --server (with --upstream); through a server, use --format json or text");
        }
        boolean streamJson = format == Format.json;
        String path = "/api/branches/" + ApiClient.encode(name) + "/diff?stat=" + (streamJson && stat)
                + (against == null ? "" : "&against=" + ApiClient.encode(against));
        try (InputStream body = server.stream(path)) {
            if (streamJson) {
                new InputStreamReader(body, StandardCharsets.UTF_8).transferTo(out);
            } else {
                JsonDiffDocument document = new JsonDiffDocument(Json.COMPACT.readTree(body));
                if (format == Format.markdown) {
                    new MarkdownDiffPrinter(out, rows).print(document, stat, progress);
                } else {
                    new TextDiffPrinter(out, System.console() != null).print(document, stat, progress);
                }
                progress.done();
            }
        }
        out.flush();
        return 0;
    }
}
