package dev.rift.router.session;

import dev.rift.router.BranchDirectory;
import dev.rift.router.metrics.ProxyMetrics;
import dev.rift.router.overlay.PlanningLanes;
import dev.rift.router.overlay.StatementPlanner;

/**
 * What every client session shares: where branches are, how to reach upstreams, cancel keys,
 * and for overlay branches the statement planner, the lanes that run its plans off the event loops (a bounded share
 * per branch), and the logins of their session roles; and the proxy's metrics, which sessions update as they go.
 */
public record SessionServices(BranchDirectory branches, UpstreamConnector connector, CancelKeys cancelKeys,
                              StatementPlanner planner, PlanningLanes planning, BranchSessions sessions,
                              ProxyMetrics metrics, SessionLogins logins) {
}
