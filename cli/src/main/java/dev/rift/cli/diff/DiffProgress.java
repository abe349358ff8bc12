package dev.rift.cli.diff;

import dev.rift.cow.diff.DiffTable;

import java.io.PrintWriter;

/** Progress of a long diff on stderr (stdout carries the diff itself, often into a pipe): a line per 100,000 rows. */
public final class DiffProgress {
    private static final long EVERY = 100_000;

    private final PrintWriter err;
    private long rows;

    private final long started = System.nanoTime();

    public DiffProgress(PrintWriter err) {
        this.err = err;
    }

    /** The closing line on stderr: rows read and the time the diff took (snapshot opened to last row written). */
    public void done() {
        err.printf("rift diff: %d rows in %.1f ms%n", rows, (System.nanoTime() - started) / 1e6);
        err.flush();
    }

    public void row(DiffTable table) {
        rows++;
        if (rows % EVERY == 0) {
            err.println("rift diff: " + rows + " rows so far (at " + table.table() + ")");
            err.flush();
        }
    }
}
