package dev.rift.router;

import dev.rift.storage.UpstreamUrl;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Answers, for a branch name a client connected with, where its session must go. Lookups may
 * need the catalog, so they complete asynchronously and never block an event loop.
 */
public interface BranchDirectory {
    /** The name of the upstream database itself. */
    String MAIN = "main";

    CompletionStage<Optional<Route>> route(String branch);

    /**
     * Whether a client naming {@code database} would be served: an existing branch, one created on connect, or a
     * database of rift's own. Never provisions anything: it only tells a client whose {@code user@branch} names
     * another branch that the two disagree. The default knows only {@code main}.
     */
    default CompletionStage<Boolean> serves(String database) {
        return CompletableFuture.completedFuture(MAIN.equals(database));
    }

    /** A directory that knows only {@code main}, the upstream database itself. */
    static BranchDirectory mainOnly(UpstreamUrl upstream) {
        CompletableFuture<Optional<Route>> main = CompletableFuture.completedFuture(Optional.of(Route.relay(MAIN, upstream)));
        CompletableFuture<Optional<Route>> none = CompletableFuture.completedFuture(Optional.empty());
        return name -> MAIN.equals(name) ? main : none;
    }
}
