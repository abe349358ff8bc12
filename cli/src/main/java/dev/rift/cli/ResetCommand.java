package dev.rift.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

@Command(name = "reset", mixinStandardHelpOptions = true,
        description = {
                "Discard a branch's changes: it becomes its parent as the parent is now.",
                "Overlay mode: its stored rows are dropped. Snapshot mode: its postmaster is stopped (sessions end",
                "with SQLSTATE 57P01) and its clone is taken again from the parent."
        })
final class ResetCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    UpstreamOption upstream;

    @Mixin
    PoolOption pool;

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
        if (pool.given()) {
            return SnapshotCommands.reset(spec.commandLine().getOut(), pool.open(), name);
        }
        try (EngineHandle h = EngineHandle.open(upstream.resolve())) {
            h.engine().resetBranch(name);
            spec.commandLine().getOut().println("reset " + name);
        }
        return 0;
    }
}
