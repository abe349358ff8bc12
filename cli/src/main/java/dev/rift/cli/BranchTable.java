package dev.rift.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rift.web.json.Json;

import java.io.PrintWriter;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code rift list} prints, from the branch objects of docs/http.md, whether they came from the engine or
 * from a server's API: one rendering, so both paths print the same.
 */
final class BranchTable {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private BranchTable() {
    }

    static void print(PrintWriter out, JsonNode branches, boolean json) throws Exception {
        if (json) {
            out.println(Json.PRETTY.writeValueAsString(branches));
            return;
        }
        boolean snapshot = false;
        for (JsonNode b : branches) {
            snapshot |= "snapshot".equals(b.path("mode").asText());
        }
        if (snapshot) {
            snapshotTable(out, branches);
        } else {
            overlayTable(out, branches);
        }
    }

    private static void overlayTable(PrintWriter out, JsonNode branches) {
        if (branches.isEmpty()) {
            out.println("no branches (create one with: rift create NAME)");
            return;
        }
        out.printf("%-24s %-16s %-8s %-19s %12s %12s %5s  %s%n", "NAME", "PARENT", "MODE", "CREATED",
                "ROWS CHANGED", "BYTES", "DDL", "WHOLE TABLES");
        boolean anyWhole = false;
        for (JsonNode b : branches) {
            List<String> whole = new ArrayList<>();
            b.path("copied_tables").forEach(t -> whole.add(t.asText()));
            anyWhole |= !whole.isEmpty();
            out.printf("%-24s %-16s %-8s %-19s %12d %12s %5d  %s%n", b.path("name").asText(),
                    b.path("parent").asText(), b.path("mode").asText(),
                    WHEN.format(OffsetDateTime.parse(b.path("created").asText()).withOffsetSameInstant(ZoneOffset.UTC)),
                    b.path("rows_changed").asLong(), Bytes.human(b.path("bytes").asLong()),
                    b.path("ddl_statements").asLong(), whole.isEmpty() ? "" : whole.size() + ": " + String.join(", ", whole));
        }
        if (anyWhole) {
            out.println();
            out.println("WHOLE TABLES: held as a whole copy, taken at the first write (O(rows of the table)): tables");
            out.println("without a primary key, and, as the fallback for what a row-by-row overlay cannot reproduce,");
            out.println("tables with triggers, exclusion constraints or unique indexes on expressions or with a predicate;");
            out.println("or materialized by the branch's DDL.");
        }
    }

    private static void snapshotTable(PrintWriter out, JsonNode branches) {
        out.printf("%-24s %-16s %-8s %-20s %-8s %6s %12s%n", "NAME", "PARENT", "MODE", "CREATED", "STATE", "PORT",
                "SIZE");
        for (JsonNode b : branches) {
            long bytes = b.path("bytes").asLong();
            out.printf("%-24s %-16s %-8s %-20s %-8s %6s %12s%n", b.path("name").asText(),
                    b.path("parent").isNull() ? "-" : b.path("parent").asText(), "snapshot",
                    b.path("created").asText().replaceFirst("\\.\\d+Z$", "Z"),
                    b.path("running").asBoolean() ? "running" : "stopped",
                    b.path("port").isNull() ? "-" : b.path("port").asText(),
                    bytes < 0 ? "missing" : Bytes.human(bytes));
        }
    }
}
