package dev.rift.cow.ddl;

import dev.rift.cow.Quote;
import dev.rift.cow.shape.SequenceShape;

import java.util.List;

/**
 * A layer's copy of a sequence: same type and options, standing where its source stood, so the branch's values
 * continue the source's without ever advancing it.
 */
public final class SequenceCopyDdl {
    private SequenceCopyDdl() {}

    /** A stand-alone copy (serial and plain sequences). */
    public static List<String> create(String copy, SequenceShape source) {
        return List.of("CREATE SEQUENCE " + copy + " AS " + source.type() + " " + source.options(),
                position(copy, source));
    }

    /** The identity clause of a layer table's column whose sequence is the copy (created with the table). */
    public static String identity(String copy, SequenceShape source, boolean always) {
        return "GENERATED " + (always ? "ALWAYS" : "BY DEFAULT") + " AS IDENTITY (SEQUENCE NAME " + copy + " "
                + source.options() + ")";
    }

    /** Moves the copy to where the source stood ({@code setval} honouring {@code is_called}). */
    public static String position(String copy, SequenceShape source) {
        return "SELECT setval(" + Quote.literal(copy) + "::regclass, " + source.lastValue() + ", " + source.isCalled()
                + ")";
    }
}
