package dev.rift.router;

import java.util.Optional;

/** Answers, for a branch name a client connected with, where its session must go. */
public interface BranchDirectory {
    /** The name of the upstream database itself. */
    String MAIN = "main";

    Optional<Route> route(String branch);

    /** A directory that knows only {@code main}, the upstream database itself. */
    static BranchDirectory mainOnly(dev.rift.storage.UpstreamUrl upstream) {
        Route main = new Route(MAIN, upstream);
        return name -> MAIN.equals(name) ? Optional.of(main) : Optional.empty();
    }
}
