package dev.rift.cli;

import dev.rift.storage.pool.BranchStatus;
import dev.rift.storage.pool.PoolState;
import dev.rift.storage.pool.SnapshotPool;

import java.io.PrintWriter;
import java.util.List;

/** What create, delete, reset and status do in snapshot mode (--pool); list renders through {@link BranchTable}. */
final class SnapshotCommands {

    private SnapshotCommands() {
    }

    static int create(PrintWriter out, SnapshotPool pool, String name, String from) {
        long start = System.nanoTime();
        BranchStatus b = pool.create(name, "main".equals(from) ? null : from);
        out.printf("created branch %s from %s in %.1f ms (%s snapshot; its postmaster starts on first connection)%n",
                b.name(), b.parent(), (System.nanoTime() - start) / 1e6, pool.driver().name());
        out.printf("  connect: postgres://%s@<rift host>:6432/%s%n", pool.state().superuser(), b.name());
        return 0;
    }

    static int delete(PrintWriter out, SnapshotPool pool, String name) {
        pool.delete(name);
        out.println("deleted " + name + " (postmaster stopped, clone destroyed)");
        return 0;
    }

    static int reset(PrintWriter out, SnapshotPool pool, String name) {
        pool.reset(name);
        out.println("reset " + name + " to " + pool.state().branch(name).map(PoolState.Branch::parent).orElse("?")
                + " as it is now");
        return 0;
    }

    static int status(PrintWriter out, SnapshotPool pool) {
        PoolState s = pool.state();
        List<BranchStatus> branches = pool.list();
        out.println("mode:      snapshot (" + s.driver() + " on " + s.pool() + ")");
        out.println("state:     " + pool.stateFile());
        out.println("database:  " + s.database() + " (superuser " + s.superuser() + ", " + s.durability() + ")");
        out.printf("branches:  %d including main, %d running, %s on disk as the driver reports it%n", branches.size(),
                branches.stream().filter(BranchStatus::running).count(),
                Bytes.human(branches.stream().mapToLong(b -> Math.max(0, b.usedBytes())).sum()));
        return 0;
    }
}
