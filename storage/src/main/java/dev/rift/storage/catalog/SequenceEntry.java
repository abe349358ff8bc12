package dev.rift.storage.catalog;

/**
 * A row of {@code rift.layer_sequences}: a layer's own copy of an upstream sequence.
 *
 * @param relid    the upstream sequence's pg_class oid
 * @param schema   the upstream sequence's schema
 * @param sequence the upstream sequence's name
 */
public record SequenceEntry(long layerId, long relid, String schema, String sequence) {
}
