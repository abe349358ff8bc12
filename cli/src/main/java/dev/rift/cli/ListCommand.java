package dev.rift.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.rift.cow.BranchSummary;
import dev.rift.cow.TableId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(name = "list", mixinStandardHelpOptions = true,
        description = {
                "List branches with their parent, size and rows changed.",
                "Also shows the tables a branch holds whole (tables without a primary key are copied into",
                "a branch on their first write; tables its DDL changed are materialized) and how many DDL",
                "statements it ran (see them with: rift schema-diff NAME)."
        })
final class ListCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @Mixin
    UpstreamOption upstream;

    @Mixin
    PoolOption pool;

    @Option(names = "--json", description = "Print a JSON array (stable field names) instead of a table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (pool.given()) {
            return SnapshotCommands.list(out(), pool.open(), json);
        }
        List<BranchSummary> branches;
        try (EngineHandle h = EngineHandle.open(upstream.resolve())) {
            branches = h.catalog().isInstalled() ? h.engine().list() : List.of();
        }
        if (json) {
            ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule())
                    .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);
            out().println(mapper.writeValueAsString(branches.stream().map(ListCommand::asJson).toList()));
            return 0;
        }
        if (branches.isEmpty()) {
            out().println("no branches (create one with: rift create NAME)");
            return 0;
        }
        out().printf("%-24s %-16s %-8s %-19s %12s %12s %5s  %s%n", "NAME", "PARENT", "MODE", "CREATED",
                "ROWS CHANGED", "BYTES", "DDL", "WHOLE TABLES");
        for (BranchSummary b : branches) {
            out().printf("%-24s %-16s %-8s %-19s %12d %12s %5d  %s%n", b.name(),
                    b.parent() == null ? "main" : b.parent(), b.mode(), WHEN.format(b.createdAt()), b.rowsChanged(),
                    Bytes.human(b.bytes()), b.ddlStatements(),
                    String.join(", ", b.materialized().stream().map(TableId::toString).toList()));
        }
        return 0;
    }

    private static Map<String, Object> asJson(BranchSummary b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", b.name());
        m.put("parent", b.parent() == null ? "main" : b.parent());
        m.put("mode", b.mode());
        m.put("created", b.createdAt());
        m.put("rows_changed", b.rowsChanged());
        m.put("bytes", b.bytes());
        m.put("copied_tables", b.materialized().stream().map(TableId::toString).toList());
        m.put("ddl_statements", b.ddlStatements());
        return m;
    }
}
