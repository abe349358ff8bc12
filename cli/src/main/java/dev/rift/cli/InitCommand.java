package dev.rift.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(name = "init", mixinStandardHelpOptions = true,
        description = {
                "Install rift's catalog (schema \"rift\") in the upstream database.",
                "Idempotent; \"rift create\" runs it implicitly when it is missing. Upstream tables are never changed."
        })
final class InitCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    @Mixin
    UpstreamOption upstream;

    @Override
    public Integer call() {
        try (EngineHandle h = EngineHandle.open(upstream.resolve())) {
            boolean had = h.catalog().isInstalled();
            h.engine().install();
            out().println(had ? "rift catalog already installed in " + h.upstream().database()
                    : "rift catalog installed in " + h.upstream().database());
        }
        return 0;
    }
}
