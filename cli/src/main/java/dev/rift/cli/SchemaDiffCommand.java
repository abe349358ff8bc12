package dev.rift.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.rift.cow.DdlLogEntry;
import dev.rift.storage.catalog.BranchRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    @Spec
    CommandSpec spec;

    @Mixin
    UpstreamOption upstream;

    @Parameters(index = "0", paramLabel = "NAME", description = "The branch.")
    String name;

    @Option(names = "--against", paramLabel = "OTHER", description = "Compare with this branch, or main (default: the branch's parent).")
    String against;

    @Option(names = "--json", description = "Print a JSON object: {branch, against, statements: [{seq, at, sql}]}.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (EngineHandle h = EngineHandle.open(upstream.resolve())) {
            // A branch of main has no parent row: Optional.map(parent) would read it as a missing branch.
            BranchRecord branch = h.catalog().branch(name)
                    .orElseThrow(() -> new IllegalArgumentException("branch \"" + name + "\" does not exist"));
            String other = against != null ? against : branch.parent();
            String otherName = other == null ? "main" : other;
            List<DdlLogEntry> log = h.engine().schemaDiff(name, otherName);
            if (json) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("branch", name);
                doc.put("against", otherName);
                doc.put("statements", log.stream().map(e -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("seq", e.seq());
                    m.put("at", e.at());
                    m.put("sql", e.statement());
                    return m;
                }).toList());
                out.println(new ObjectMapper().registerModule(new JavaTimeModule())
                        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT)
                        .writeValueAsString(doc));
                return 0;
            }
            out.println("-- schema changes of branch " + name + " against " + otherName + ": " + log.size()
                    + (log.size() == 1 ? " statement" : " statements"));
            for (DdlLogEntry e : log) {
                String sql = e.statement().strip();
                out.println(sql.endsWith(";") ? sql : sql + ";");
            }
        }
        return 0;
    }
}
