package dev.rift.router.session;

import dev.rift.router.BranchDirectory;

/** What every client session shares: where branches are, how to reach upstreams, cancel keys. */
public record SessionServices(BranchDirectory branches, UpstreamConnector connector, CancelKeys cancelKeys) {
}
