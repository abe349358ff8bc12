package dev.rift.router.control;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Connections to where a merge lands: the upstream itself for {@code main}; for a branch, a session on it through
 * rift's own proxy, so the branch's overlay takes the writes (copy-ups, constraint checks, DDL) as a client's would.
 */
@FunctionalInterface
public interface MergeTargets {
    /**
     * @param role the client's role: a merge into main writes as that role, so PostgreSQL's own privileges decide
     *             what it may change there
     */
    Connection open(String target, String role) throws SQLException;
}
