package dev.rift.cow.merge;

import dev.rift.cow.TableId;

import java.util.List;

/** A row both the branch and the target changed, differently: the key and the row base / ours / theirs. */
public record MergeConflict(TableId table, List<String> keyColumns, MergeRow row) {
}
