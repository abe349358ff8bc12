package dev.rift.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rift.storage.pool.SnapshotPool;
import dev.rift.web.json.BranchJson;
import dev.rift.web.json.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "list", mixinStandardHelpOptions = true,
        description = {
                "List branches with their parent, size and rows changed.",
                "Also shows how many and which tables a branch holds whole (tables without a primary key,",
                "and as a fallback tables with triggers, exclusion constraints or unique indexes on expressions",
                "or with a predicate, are copied into a branch on their first write; tables its DDL changed are",
                "materialized) and how many DDL statements it ran (see them with: rift schema-diff NAME)."
        })
final class ListCommand implements Callable<Integer> {
    @Mixin
    Invocation invocation;

    @Mixin
    UpstreamOption upstream;

    @Mixin
    PoolOption pool;

    @ParentCommand
    RiftCommand rift;

    @Option(names = "--json", description = "Print a JSON array (stable field names) instead of a table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        ApiClient server = ApiClient.of(rift);
        JsonNode branches;
        if (server != null) {
            branches = server.get("/api/branches");
        } else if (pool.given()) {
            SnapshotPool p = pool.open();
            branches = Json.COMPACT.valueToTree(p.list().stream()
                    .map(b -> BranchJson.snapshot(p.driver().name(), b)).toList());
        } else {
            try (EngineHandle h = EngineHandle.open(upstream.resolve())) {
                branches = Json.COMPACT.valueToTree(h.catalog().isInstalled()
                        ? h.engine().list().stream().map(BranchJson::overlay).toList() : List.of());
            }
        }
        BranchTable.print(invocation.out(), branches, json);
        return 0;
    }
}
