package dev.rift.cow.merge;

import dev.rift.cow.OverlayException;
import dev.rift.cow.diff.BranchPair;
import dev.rift.storage.catalog.BranchCatalog;

/** Opens {@link BranchMerge}s: both sides' layers read in one repeatable-read snapshot the merge keeps open. */
public final class BranchMerges {
    private final BranchCatalog catalog;

    public BranchMerges(BranchCatalog catalog) {
        this.catalog = catalog;
    }

    /** The merge of {@code branch} into {@code into} (null: its parent; "main": the upstream). */
    public BranchMerge open(String branch, String into) {
        if (branch.equals(into)) {
            throw new OverlayException("42P17", "cannot merge branch \"" + branch + "\" into itself");
        }
        return BranchPair.open(catalog, branch, into, "merge", p -> new BranchMerge(branch, p.other(),
                p.connection(), p.ddl(), MergePlanner.plan(p.connection(), p.mine(), p.theirs()), p.sequences()));
    }
}
