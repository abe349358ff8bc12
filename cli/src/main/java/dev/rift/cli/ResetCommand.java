package dev.rift.cli;

import dev.rift.cow.BranchReset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

@Command(name = "reset", mixinStandardHelpOptions = true,
        description = {
                "Discard every change on a branch: data, schema and sequences, in constant time.",
                "The branch keeps its name and its parent snapshot; open sessions see the reset at their",
                "next statement."
        })
final class ResetCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    UpstreamOption upstream;

    @Parameters(index = "0", paramLabel = "NAME", description = "The branch.")
    String name;

    @Override
    public Integer call() {
        try (EngineHandle h = EngineHandle.open(upstream.resolve())) {
            // Timed like create: the operation itself, after the pool's first connection and the branch check.
            h.catalog().branch(name).orElseThrow(() -> new IllegalArgumentException("branch \"" + name
                    + "\" does not exist"));
            BranchReset reset = h.engine().resetBranch(name);
            spec.commandLine().getOut().printf("reset branch %s in %.1f ms (old layer dropped after %.1f ms)%n", name,
                    reset.visibleAfter().toNanos() / 1e6, reset.total().toNanos() / 1e6);
        }
        return 0;
    }
}
