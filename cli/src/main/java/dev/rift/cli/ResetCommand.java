package dev.rift.cli;

import dev.rift.router.control.BranchManagers;
import dev.rift.cow.BranchReset;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "reset", mixinStandardHelpOptions = true,
        description = {
                "Discard every change on a branch: data, schema and sequences.",
                "Overlay mode: in constant time; the branch keeps its name and its parent snapshot, and open",
                "sessions see the reset at their next statement. Snapshot mode (--pool): its postmaster is stopped",
                "(sessions end with SQLSTATE 57P01) and its clone is taken again from the parent."
        })
final class ResetCommand implements Callable<Integer> {
    @Mixin
    Invocation invocation;

    @Mixin
    UpstreamOption upstream;

    @Mixin
    PoolOption pool;

    @ParentCommand
    RiftCommand rift;

    @Parameters(index = "0", paramLabel = "NAME", description = "The branch.")
    String name;

    @Override
    public Integer call() {
        ApiClient server = ApiClient.of(rift);
        if (server != null) {
            return RemoteCommands.reset(invocation.out(), server, name);
        }
        if (pool.given()) {
            return SnapshotCommands.reset(invocation.out(), pool.open(), name);
        }
        try (EngineHandle h = EngineHandle.open(upstream.resolve())) {
            new BranchManagers(h.catalog().dataSource()).require(null, BranchManagers.ADMIN, "reset a branch");
            // Timed like create: the operation itself, after the pool's first connection and the branch check.
            h.catalog().branch(name).orElseThrow(() -> new IllegalArgumentException("branch \"" + name
                    + "\" does not exist"));
            BranchReset reset = h.engine().resetBranch(name);
            invocation.out().printf("reset branch %s in %.1f ms (old layer dropped after %.1f ms)%n", name,
                    reset.visibleAfter().toNanos() / 1e6, reset.total().toNanos() / 1e6);
        }
        return 0;
    }
}
