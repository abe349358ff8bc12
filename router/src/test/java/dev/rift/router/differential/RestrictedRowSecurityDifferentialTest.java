package dev.rift.router.differential;

import java.util.List;

/**
 * The upstream of {@link RowSecurityDifferentialTest}, used by a role its policies restrict (through its group): on a
 * branch its session role meets the same policies on the table's copy as the role itself on a full copy. Every
 * scenario writes first: reads of a table the branch has not copied yet go to the upstream table, where the policies
 * do not name the session role and it sees only what policies TO PUBLIC allow (docs/security.md, fail closed).
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
