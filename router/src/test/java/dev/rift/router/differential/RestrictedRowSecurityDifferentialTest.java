package dev.rift.router.differential;

import java.util.List;

/**
 * The upstream of {@link RowSecurityDifferentialTest}, used by a role its policies restrict (through its group): on a
 * branch its session role meets the same policies on the table's copy as the role itself on a full copy, from its
 * first statement: the first scenarios read before they write, so the table is held whole at that read (a read of
 * the upstream table would meet policies that do not name the session role; docs/overlay.md).
 */
class RestrictedRowSecurityDifferentialTest extends RowSecurityDifferentialTest {

    @Override
    List<String> files() {
        return List.of("row_security_restricted.sql");
    }

    @Override
    String[] client() {
        return new String[] {CLERK, CLERK};
    }
}
