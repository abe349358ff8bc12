package dev.rift.cli;

import dev.rift.router.control.BranchManagers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "delete", mixinStandardHelpOptions = true,
        description = {
                "Delete a branch and everything it stored.",
                "Sessions still open on it are ended (SQLSTATE 57P01). Refuses while branches were made",
                "from it, unless --force, which deletes those too. The upstream is never touched."
        })
final class DeleteCommand implements Callable<Integer> {
    @Mixin
    Invocation invocation;

    @Mixin
    UpstreamOption upstream;

    @Mixin
    PoolOption pool;

    @ParentCommand
    RiftCommand rift;

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Option(names = "--force", description = "Also delete the branches made from this one (overlay mode; in snapshot "
            + "mode branches made from it are independent clones and live on).")
    boolean force;

    @Override
    public Integer call() {
        ApiClient server = ApiClient.of(rift);
        if (server != null) {
            return RemoteCommands.delete(invocation.out(), server, name, force);
        }
        if (pool.given()) {
            return SnapshotCommands.delete(invocation.out(), pool.open(), name);
        }
        try (EngineHandle h = EngineHandle.open(upstream.resolve())) {
            new BranchManagers(h.catalog().dataSource()).require(null, BranchManagers.ADMIN, "delete a branch");
            List<String> deleted = h.engine().deleteBranch(name, force);
            invocation.out().println("deleted " + String.join(", ", deleted));
        }
        return 0;
    }
}
