package dev.rift.router.overlay;

import dev.rift.cow.OverlayException;
import dev.rift.pgwire.message.SqlState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletionException;

/** A statement whose planning failed is planned as a refusal, which PostgreSQL raises in its place. */
final class FailedPlanning {
    private static final Logger log = LoggerFactory.getLogger(OverlayPipeline.class);

    private FailedPlanning() {}

    /** What planning threw, unwrapped from the future it came through. */
    static Throwable cause(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    /** Whether the failure is the branch's deletion, which ends the session rather than the statement. */
    static boolean branchGone(Throwable cause) {
        return cause instanceof OverlayException oe && "3D000".equals(oe.sqlState());
    }

    static Plan refusal(Throwable cause, String branch, long version) {
        if (cause instanceof PlanningLanes.LaneFull full) {
            return Plan.refused(PlanningLanes.LaneFull.SQLSTATE, full.getMessage(), version);
        }
        if (cause instanceof OverlayException oe) {
            // e.g. the branch was deleted under the session: answered with the engine's own SQLSTATE.
            log.debug("statement on branch {} refused: {}", branch, oe.getMessage());
            return Plan.refused(oe.sqlState(), oe.getMessage(), version);
        }
        log.error("planning a statement on branch {} failed", branch, cause);
        return Plan.refused(SqlState.INTERNAL_ERROR, "rift could not plan this statement: " + cause.getMessage(),
                version);
    }
}
