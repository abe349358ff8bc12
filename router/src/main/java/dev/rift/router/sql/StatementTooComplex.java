package dev.rift.router.sql;

/**
 * A statement past one of the {@link PlanningLimits}, or one whose planning was abandoned: answered with SQLSTATE
 * 54001 (statement_too_complex), as PostgreSQL answers an expression nested past its stack. Never cached, since a
 * time limit depends on the moment.
 */
public final class StatementTooComplex extends RuntimeException {
    public static final String SQLSTATE = "54001";

    StatementTooComplex(String limit) {
        super("statement too complex for rift to plan on a branch: " + limit, null, false, false);
    }

    public String sqlState() {
        return SQLSTATE;
    }
}
