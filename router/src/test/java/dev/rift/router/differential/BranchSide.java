package dev.rift.router.differential;

/**
 * Where the acceptance tests' "branch" side points. By default: a rift branch. With the system property
 * {@value #BRANCH_IS_COPY} set to {@code true} (off by default): a second full copy, so that a run shows the tests
 * themselves are deterministic and pass against PostgreSQL, whatever rift does.
 */
public final class BranchSide {
    public static final String BRANCH_IS_COPY = "rift.test.branchIsCopy";

    private BranchSide() {}

    public static boolean isCopy() {
        return Boolean.getBoolean(BRANCH_IS_COPY);
    }
}
