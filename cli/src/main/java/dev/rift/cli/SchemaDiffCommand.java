package dev.rift.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rift.cow.DdlLogEntry;
import dev.rift.storage.catalog.BranchRecord;
import dev.rift.web.json.BranchJson;
import dev.rift.web.json.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "schema-diff", mixinStandardHelpOptions = true,
        description = {
                "Show how a branch's schema diverges: the DDL it ran, in order, as SQL that takes the other",
                "branch's schema (by default its parent's; main is the upstream) to the branch's.",
                "Statements appear as the client wrote them. Example:",
                "  rift schema-diff pr-42            # against its parent",
                "  rift schema-diff pr-42 --against main --json"
        })
final class SchemaDiffCommand implements Callable<Integer> {
    @Mixin
    Invocation invocation;

    @Mixin
    UpstreamOption upstream;

    @Parameters(index = "0", paramLabel = "NAME", description = "The branch.")
    String name;

    @Option(names = "--against", paramLabel = "OTHER", description = "Compare with this branch, or main (default: the branch's parent).")
    String against;

    @Option(names = "--json", description = "Print a JSON object: {branch, against, statements: [{seq, at, sql}]}.")
    boolean json;

    @ParentCommand
    RiftCommand rift;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = invocation.out();
        JsonNode doc = document();
        if (json) {
            out.println(Json.PRETTY.writeValueAsString(doc));
            return 0;
        }
        JsonNode statements = doc.path("statements");
        out.println("-- schema changes of branch " + name + " against " + doc.path("against").asText() + ": "
                + statements.size() + (statements.size() == 1 ? " statement" : " statements"));
        for (JsonNode e : statements) {
            String sql = e.path("sql").asText().strip();
            out.println(sql.endsWith(";") ? sql : sql + ";");
        }
        return 0;
    }

    /** {branch, against, statements: [{seq, at, sql}]}, from the server's API or from the engine. */
    private JsonNode document() {
        ApiClient server = ApiClient.of(rift);
        if (server != null) {
            return server.get("/api/branches/" + ApiClient.encode(name) + "/schema-diff"
                    + (against == null ? "" : "?against=" + ApiClient.encode(against)));
        }
        try (EngineHandle h = EngineHandle.open(upstream.resolve())) {
            BranchRecord branch = h.catalog().branch(name)
                    .orElseThrow(() -> new IllegalArgumentException("branch \"" + name + "\" does not exist"));
            String other = against != null ? against : branch.parent(); // null: made from main
            String otherName = other == null ? "main" : other;
            List<DdlLogEntry> log = h.engine().schemaDiff(name, otherName);
            return Json.COMPACT.valueToTree(BranchJson.schemaDiff(name, otherName, log));
        }
    }
}
