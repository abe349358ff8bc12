package dev.rift.router.frameworks;

import java.util.List;

/**
 * A difference between what an app prints on a branch and on a full copy that is a known, open item of issue 17:
 * the copy's text {@code onCopy} reads {@code onBranch} on the branch. Each names its bullet of issue 17; remove it
 * when that bullet is fixed (the test then fails until it is removed, since the branch prints what the copy does).
 */
record KnownDifference(FrameworkApp app, String issue17Bullet, String onCopy, String onBranch) {

    static final List<KnownDifference> ALL = List.of();

    /** The copy's output as the branch prints it today. */
    static String applyAll(FrameworkApp app, String copyOutput) {
        String expected = copyOutput;
        for (KnownDifference d : ALL) {
            if (d.app == app) {
                if (!expected.contains(d.onCopy)) {
                    throw new IllegalStateException("the copy no longer prints what a known difference replaces ("
                            + d.issue17Bullet + "): " + d.onCopy);
                }
                expected = expected.replace(d.onCopy, d.onBranch);
            }
        }
        return expected;
    }
}
