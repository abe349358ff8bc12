package dev.rift.cli;

import dev.rift.cow.BranchSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the upstream rift works on, whether its catalog is installed, and branch totals.")
final class StatusCommand implements Callable<Integer> {
    @Mixin
    Invocation invocation;

    @Mixin
    UpstreamOption upstream;

    @Mixin
    PoolOption pool;

    @Override
    public Integer call() throws Exception {
        if (pool.given()) {
            return SnapshotCommands.status(invocation.out(), pool.open());
        }
        PrintWriter out = invocation.out();
        try (EngineHandle h = EngineHandle.open(upstream.resolve())) {
            out.println("upstream:  " + h.upstream());
            try (Connection c = h.catalog().dataSource().getConnection(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT current_setting('server_version'), pg_database_size(current_database())")) {
                rs.next();
                out.println("server:    PostgreSQL " + rs.getString(1) + ", database size " + Bytes.human(rs.getLong(2)));
            }
            if (!h.catalog().isInstalled()) {
                out.println("catalog:   not installed (rift init, or rift create NAME, installs it)");
                return 0;
            }
            List<BranchSummary> branches = h.engine().list();
            long bytes = branches.stream().mapToLong(BranchSummary::bytes).sum();
            long rows = branches.stream().mapToLong(BranchSummary::rowsChanged).sum();
            out.println("catalog:   installed (schema rift)");
            out.printf("branches:  %d, %d rows changed, %s stored%n", branches.size(), rows, Bytes.human(bytes));
        }
        return 0;
    }
}
