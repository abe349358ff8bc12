package dev.rift.cow.merge;

/** How a merge resolves rows both sides changed; none given: conflicts stop the merge. */
public enum MergeStrategy {
    /** The target's row stays. */
    OURS,
    /** The branch's row replaces it. */
    THEIRS
}
