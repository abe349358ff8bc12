package dev.rift.cow.diff;

import dev.rift.cow.TableId;

/** Where a sequence of the branch stands, under its logical name, for a patch's {@code setval}. */
public record SequencePosition(TableId sequence, long lastValue, boolean isCalled) {
}
