package dev.rift.cli.diff;

import dev.rift.cow.TableId;
import dev.rift.cow.diff.DiffTable;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Progress of a long diff goes to stderr: a line per 100,000 rows, and a closing count with the time taken. */
class DiffProgressTest {
    @Test
    void aLongDiffReportsEveryHundredThousandRowsAndClosesWithTheCount() {
        StringWriter err = new StringWriter();
        DiffProgress progress = new DiffProgress(new PrintWriter(err, true));
        DiffTable big = new DiffTable(new TableId("public", "big"), DiffTable.How.SHADOWED, List.of("id"),
                List.of("id"), Set.of(), Set.of("id"), "old", "new", List.of("s"));
        for (int i = 0; i < 250_000; i++) {
            progress.row(big);
        }
        progress.done();
        List<String> lines = err.toString().lines().toList();
        assertEquals(List.of("rift diff: 100000 rows so far (at public.big)",
                "rift diff: 200000 rows so far (at public.big)"), lines.subList(0, 2));
        assertTrue(lines.get(2).matches("rift diff: 250000 rows in [0-9.]+ ms"), lines.get(2));
        assertEquals(3, lines.size());
    }
}
