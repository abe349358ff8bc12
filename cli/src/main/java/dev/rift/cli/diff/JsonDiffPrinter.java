package dev.rift.cli.diff;

import dev.rift.cow.diff.BranchDiff;
import dev.rift.web.json.DiffJsonWriter;

import java.io.PrintWriter;

/**
 * {@code rift diff --format json}: the document of docs/diff.md, written by {@link DiffJsonWriter}, the same
 * encoder the control API streams it with ({@code GET /api/branches/{name}/diff}).
 */
public final class JsonDiffPrinter implements DiffPrinter {
    private final PrintWriter out;

    public JsonDiffPrinter(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void print(BranchDiff diff, boolean statOnly, DiffProgress progress) {
        DiffJsonWriter.write(diff, statOnly, out, progress::row);
        out.println();
    }
}
