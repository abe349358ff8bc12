package dev.rift.cow.merge;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A key the branch changed, with the row three ways (values as text; a null map: no such row): {@code base} as the
 * branch first copied it (null: the branch inserted the key), {@code ours} in the merge target now, {@code theirs}
 * on the branch now.
 */
public record MergeRow(List<String> key, Map<String, String> base, Map<String, String> ours,
                       Map<String, String> theirs) {

    public enum Outcome {
        /** Nothing to do: the branch ended where it started, or both sides made the same change. */
        SAME,
        /** Only the branch changed the row: its version is applied. */
        CLEAN,
        /** Both changed it, differently. */
        CONFLICT
    }

    public Outcome outcome() {
        if (Objects.equals(theirs, base) || Objects.equals(ours, theirs)) {
            return Outcome.SAME;
        }
        return Objects.equals(ours, base) ? Outcome.CLEAN : Outcome.CONFLICT;
    }
}
