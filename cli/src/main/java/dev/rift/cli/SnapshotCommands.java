package dev.rift.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.rift.storage.pool.BranchStatus;
import dev.rift.storage.pool.PoolState;
import dev.rift.storage.pool.SnapshotPool;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What create, delete, reset, list and status do in snapshot mode (--pool). */
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

    static int list(PrintWriter out, SnapshotPool pool, boolean json) throws Exception {
        List<BranchStatus> branches = pool.list();
        if (json) {
            ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            out.println(mapper.writeValueAsString(branches.stream().map(b -> asJson(pool, b)).toList()));
            return 0;
        }
        out.printf("%-24s %-16s %-8s %-20s %-8s %6s %12s%n", "NAME", "PARENT", "MODE", "CREATED", "STATE", "PORT",
                "SIZE");
        for (BranchStatus b : branches) {
            out.printf("%-24s %-16s %-8s %-20s %-8s %6s %12s%n", b.name(), b.parent() == null ? "-" : b.parent(),
                    "snapshot", b.created().replaceFirst("\\.\\d+Z$", "Z"), b.running() ? "running" : "stopped",
                    b.postmaster().map(p -> Integer.toString(p.port())).orElse("-"),
                    b.usedBytes() < 0 ? "missing" : Bytes.human(b.usedBytes()));
        }
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

    private static Map<String, Object> asJson(SnapshotPool pool, BranchStatus b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", b.name());
        m.put("parent", b.parent());
        m.put("mode", "snapshot");
        m.put("driver", pool.driver().name());
        m.put("created", b.created());
        m.put("running", b.running());
        m.put("port", b.postmaster().map(p -> p.port()).orElse(null));
        m.put("bytes", b.usedBytes());
        return m;
    }
}
