package dev.rift.router.session;

import dev.rift.pgwire.message.ErrorResponse;
import dev.rift.pgwire.message.SqlState;
import dev.rift.router.BranchDirectory;
import dev.rift.router.Route;
import dev.rift.router.control.ControlEndpoint;
import io.netty.channel.EventLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Consumer;

/**
 * Finds the route of the branch a startup names, on the session's event loop: the route, or the FATAL that refuses
 * the startup (no such branch, a lookup that failed, two names for the branch that disagree).
 */
final class BranchLookup {
    private static final Logger log = LoggerFactory.getLogger(ClientSession.class);

    private final BranchDirectory branches;
    private final EventLoop loop;
    private final Consumer<Route> found;
    private final Consumer<ErrorResponse> refused;

    BranchLookup(BranchDirectory branches, EventLoop loop, Consumer<Route> found, Consumer<ErrorResponse> refused) {
        this.branches = branches;
        this.loop = loop;
        this.found = found;
        this.refused = refused;
    }

    /** Looks up {@code target}; the lookup may provision the branch (create it, start its postmaster). */
    void find(String user, StartupTarget target) {
        branches.route(target.branch()).whenComplete((route, error) -> loop.execute(() -> {
            if (error != null) {
                log.warn("branch lookup for {} failed", target.branch(), error);
                refused.accept(ErrorResponse.fatal(SqlState.CONNECTION_FAILURE,
                        "could not look up branch \"" + target.branch() + "\""));
            } else if (route.isEmpty() && ControlEndpoint.DATABASE.equals(target.branch())) {
                refused.accept(ErrorResponse.fatal(SqlState.INVALID_CATALOG_NAME, "database \"rift\" (SQL functions for"
                        + " branches) is not served by this server").withHint("It is served in overlay mode (rift serve"
                        + " --upstream URL); in snapshot mode use the rift CLI."));
            } else if (route.isEmpty()) {
                refused.accept(ErrorResponse.fatal(SqlState.INVALID_CATALOG_NAME, "branch \"" + target.branch()
                        + "\" does not exist").withHint("Create it with: rift create " + target.branch()
                        + "; connect to \"main\" for the upstream itself."));
            } else if (target.otherDatabase() != null
                    && !target.otherDatabase().equals(route.get().server().database())) {
                unlessDatabaseDisagrees(user, target, route.get());
            } else {
                found.accept(route.get());
            }
        }));
    }

    /**
     * user@branch with a database that names another branch: which of the two the client meant is not rift's to
     * guess. 28000, as PostgreSQL refuses a startup whose user is wrong, and not a class 08 code drivers retry.
     */
    private void unlessDatabaseDisagrees(String user, StartupTarget target, Route route) {
        String database = target.otherDatabase();
        branches.serves(database).whenComplete((named, error) -> loop.execute(() -> {
            if (error != null) {
                log.warn("branch lookup for {} failed", database, error);
                refused.accept(ErrorResponse.fatal(SqlState.CONNECTION_FAILURE,
                        "could not look up branch \"" + database + "\""));
            } else if (named) {
                refused.accept(ErrorResponse.fatal(SqlState.INVALID_AUTHORIZATION_SPECIFICATION, "user name \"" + user
                        + "\" names branch \"" + target.branch() + "\" but database \"" + database
                        + "\" names another").withHint("Name the branch once: as the database, or as user@branch with"
                        + " database \"" + route.server().database() + "\" or none."));
            } else {
                found.accept(route);
            }
        }));
    }
}
