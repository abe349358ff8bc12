package dev.rift.router.session;

import dev.rift.storage.catalog.SessionRoles;

import java.util.concurrent.CompletableFuture;

/** Where an overlay branch session gets the login of its client role's session role (docs/security.md). */
@FunctionalInterface
public interface SessionLogins {
    /** Completes off the event loop; fails with the reason the session cannot be opened. */
    CompletableFuture<SessionRoles.Login> login(String branch, String clientRole);

    /** For a proxy that serves no overlay branch: any attempt is a bug, and is refused. */
    SessionLogins NONE = (branch, role) -> CompletableFuture.failedFuture(
            new IllegalStateException("this server serves no overlay branch"));
}
