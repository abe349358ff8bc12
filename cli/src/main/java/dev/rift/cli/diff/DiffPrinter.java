package dev.rift.cli.diff;

import dev.rift.cow.diff.BranchDiff;

/** One output format of {@code rift diff}: writes rows as the diff streams them, never holding them all. */
public interface DiffPrinter {
    void print(BranchDiff diff, boolean statOnly, DiffProgress progress);
}
