package dev.rift.router.session;

import dev.rift.router.BranchDirectory;
import dev.rift.router.metrics.ProxyMetrics;
import dev.rift.router.overlay.StatementPlanner;

import java.util.concurrent.Executor;

/**
 * What every client session shares: where branches are, how to reach upstreams, cancel keys,
 * and for overlay branches the statement planner and the executor that runs blocking work
 * (planning, catalog lookups) off the event loops, and the logins of their session roles; and the proxy's
 * metrics, which sessions update as they go.
 */
public record SessionServices(BranchDirectory branches, UpstreamConnector connector, CancelKeys cancelKeys,
                              StatementPlanner planner, Executor blocking, BranchSessions sessions,
                              ProxyMetrics metrics, SessionLogins logins) {
}
