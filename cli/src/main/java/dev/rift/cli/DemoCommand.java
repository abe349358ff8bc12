package dev.rift.cli;

import dev.rift.router.ProxyConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {
                "Try rift on a throwaway PostgreSQL with sample data.",
                "Starts a local PostgreSQL with a sample shop database, rift in front of it on 127.0.0.1:6432,",
                "its dashboard on http://127.0.0.1:6480/, and a branch \"demo\"; prints psql commands to try.",
                "Needs PostgreSQL's server binaries",
                "(apt-get install postgresql). Ctrl-C stops it and deletes everything."
        })
final class DemoCommand implements Callable<Integer> {
    @Mixin
    Invocation invocation;

    @Option(names = {"-l", "--listen"}, paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:6432",
            description = "Where rift listens. Default: ${DEFAULT-VALUE}.")
    String listen;

    @Option(names = "--http", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:6480",
            description = "Where the control API and dashboard listen; 'off' for none. Default: ${DEFAULT-VALUE}.")
    String http;

    @Override
    public Integer call() throws Exception {
        HostPort address = HostPort.parse(listen, ProxyConfig.DEFAULT_HOST);
        invocation.out().println("starting a throwaway PostgreSQL and rift…");
        Demo demo = Demo.start(address, HttpListen.parse(http, null));
        Runtime.getRuntime().addShutdownHook(new Thread(demo::close, "rift-demo-shutdown"));
        invocation.out().println(demo.instructions());
        invocation.out().flush();
        demo.awaitClose();
        return 0;
    }
}
