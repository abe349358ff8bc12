package dev.rift.cli;

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
            h.engine().resetBranch(name);
            spec.commandLine().getOut().println("reset " + name);
        }
        return 0;
    }
}
