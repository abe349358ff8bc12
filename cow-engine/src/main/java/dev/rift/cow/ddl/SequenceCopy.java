package dev.rift.cow.ddl;

import dev.rift.cow.shape.SequenceShape;

/** A layer's copy of an upstream sequence (quoted name) and the source it starts from. */
public record SequenceCopy(String copy, SequenceShape source) {
}
