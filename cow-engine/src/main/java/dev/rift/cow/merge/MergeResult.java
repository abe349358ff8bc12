package dev.rift.cow.merge;

import java.util.List;

/**
 * What a merge did: whether it committed, the rows it wrote, and the conflicts (with a strategy: how many it
 * resolved; without: why nothing was applied).
 */
public record MergeResult(boolean applied, long inserted, long deleted, long updated, List<MergeConflict> conflicts) {
    public MergeResult {
        conflicts = List.copyOf(conflicts);
    }
}
