package dev.rift.cow;

import java.time.Duration;

/**
 * A reset's timing: {@code visibleAfter} until the new empty top layer was committed and announced (sessions see
 * the reset from then on; constant time), {@code total} including the drop of the old layer's objects.
 */
public record BranchReset(String branch, Duration visibleAfter, Duration total) {
}
