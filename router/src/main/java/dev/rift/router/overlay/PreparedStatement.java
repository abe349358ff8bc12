package dev.rift.router.overlay;

import java.util.List;

/**
 * A statement the client prepared on an overlay branch, as rift prepared it upstream: under the
 * client's name the main statement, plus rift's hidden prelude statements, all made for one
 * branch state version. When the branch changes, it is prepared again before its next Bind.
 */
record PreparedStatement(String name, String sql, int[] parameterTypes, long version,
                         List<String> hiddenStatements, boolean refused, String tagOverride, Plan plan) {

    /** No branch state has this version: the statement is prepared again before its next Bind. */
    private static final long STALE = Long.MIN_VALUE;

    /** This statement, to be prepared again before its next Bind (its hidden statements are gone upstream). */
    PreparedStatement stale() {
        return new PreparedStatement(name, sql, parameterTypes, STALE, List.of(), refused, tagOverride, plan);
    }
}
