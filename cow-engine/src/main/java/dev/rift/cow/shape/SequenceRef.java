package dev.rift.cow.shape;

import dev.rift.cow.TableId;

/**
 * An upstream sequence a column depends on (a serial's default or an identity column's sequence).
 *
 * @param regclass the sequence's name as {@code ::regclass} prints it with an empty search_path (schema-qualified),
 *                 which is also how it appears inside a default's text
 */
public record SequenceRef(long relid, TableId id, String regclass) {
}
