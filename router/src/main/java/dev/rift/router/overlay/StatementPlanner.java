package dev.rift.router.overlay;

import dev.rift.router.sql.DdlEffects;

import java.util.List;

/** Decides, for one SQL text on one branch, what an overlay session sends upstream. */
public interface StatementPlanner {
    /** PostgreSQL's default search_path, as it stores it. */
    List<String> DEFAULT_SEARCH_PATH = List.of("$user", "public");

    /** The session facts a plan depends on. */
    record Context(String branch, String user, List<String> searchPath, boolean extended, DdlEffects pending) {}

    /** This process saw DDL on the branch commit or roll back: its state must be read again. */
    void ddlEnded(String branch);

    /** A plan already made for this text and the branch's current version, without blocking; or null. */
    Plan cached(String sql, Context context, long version);

    /**
     * Makes the plan; may block on the catalog or create overlay tables, so never call it on an event loop. A
     * statement past the planning limits ({@link PlanningLanes}) is planned as a refusal with SQLSTATE 54001.
     */
    Plan plan(String sql, Context context);

    /** The branch's latest state version known to this process, without blocking. */
    long knownVersion(String branch);
}
