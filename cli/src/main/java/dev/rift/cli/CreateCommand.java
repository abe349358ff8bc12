package dev.rift.cli;

import dev.rift.router.control.BranchManagers;
import dev.rift.storage.BranchName;
import dev.rift.storage.catalog.BranchRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

@Command(name = "create", mixinStandardHelpOptions = true,
        description = {
                "Create a branch: a private, writable copy of the upstream (or of a branch) as it is now.",
                "Takes milliseconds whatever the database's size: nothing is copied until it is written.",
                "",
                "Examples:",
                "  rift create pr-42",
                "  rift create pr-42-experiment --from pr-42",
                "  psql postgres://USER@localhost:6432/pr-42"
        })
final class CreateCommand implements Callable<Integer> {
    @Mixin
    Invocation invocation;

    @Mixin
    UpstreamOption upstream;

    @Mixin
    PoolOption pool;

    @ParentCommand
    RiftCommand rift;

    @Parameters(index = "0", paramLabel = "NAME", description = "Branch name: 1-63 of a-z 0-9 _ -, starting with a letter or digit.")
    String name;

    @Option(names = "--from", paramLabel = "PARENT", defaultValue = "main",
            description = "Branch to start from. Default: main (the upstream itself).")
    String from;

    @Override
    public Integer call() {
        BranchName branch = new BranchName(name);
        if (branch.value().equals("main") || branch.value().equals("rift")) {
            throw new IllegalArgumentException("\"" + name + "\" is reserved; pick another branch name");
        }
        ApiClient server = ApiClient.of(rift);
        if (server != null) {
            return RemoteCommands.create(invocation.out(), server, branch.value(), from);
        }
        if (pool.given()) {
            return SnapshotCommands.create(invocation.out(), pool.open(), branch.value(), from);
        }
        String parent = "main".equals(from) ? null : new BranchName(from).value();
        try (EngineHandle h = EngineHandle.open(upstream.resolve())) {
            BranchManagers managers = new BranchManagers(h.catalog().dataSource());
            try {
                // Before the catalog is read: a role that may not gets this message, not the catalog's refusal.
                managers.require(null, BranchManagers.ADMIN, "create a branch");
            } catch (BranchManagers.Denied e) {
                if (!e.roleMissing()) {
                    throw e;
                }
                h.ensureInstalled(); // a first installation makes the roles, when this role may
                managers.require(null, BranchManagers.ADMIN, "create a branch");
            }
            h.ensureInstalled();
            long start = System.nanoTime();
            BranchRecord created = h.engine().createBranch(branch.value(), parent);
            long micros = (System.nanoTime() - start) / 1000;
            invocation.out().printf("created branch %s from %s in %.1f ms%n", created.name(), from, micros / 1000.0);
            invocation.out().printf("  connect: postgres://%s@<rift host>:6432/%s%n",
                    h.upstream().user() == null ? "USER" : h.upstream().user(), created.name());
        }
        return 0;
    }
}
