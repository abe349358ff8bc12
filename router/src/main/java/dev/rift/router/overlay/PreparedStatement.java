package dev.rift.router.overlay;

import java.util.List;

/**
 * A statement the client prepared on an overlay branch, as rift prepared it upstream: under the
 * client's name the main statement, plus rift's hidden prelude statements, all made for one
 * branch state version. When the branch changes, it is prepared again before its next Bind.
 */
record PreparedStatement(String name, String sql, int[] parameterTypes, long version,
                         List<String> hiddenStatements, boolean refused, String tagOverride, Plan plan) {
}
