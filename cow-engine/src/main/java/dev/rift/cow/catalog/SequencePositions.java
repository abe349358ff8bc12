package dev.rift.cow.catalog;

import java.util.List;

/**
 * Where a branch's sequences stand (docs/overlay.md, "Sequences"): a branch advances its layers' copies of the
 * upstream's sequences, never the upstream's, so {@code pg_sequence_last_value} (and pg_sequences, which calls it)
 * reads the copy of the stack's topmost layer that has one, and the upstream's sequence only when no layer has.
 */
final class SequencePositions {
    private SequencePositions() {}

    /** The pg_catalog functions replaced here. */
    static final List<String> FUNCTIONS = List.of("pg_sequence_last_value");

    /** The data schema of layer {@code %1$s} for upstream schema {@code %2$s}, as LayerNames.dataSchema names it. */
    private static final String DATA_SCHEMA = "CASE WHEN pg_catalog.octet_length('rift_l' || %1$s || '_' || %2$s) <= 63"
            + " THEN 'rift_l' || %1$s || '_' || %2$s"
            + " ELSE 'rift_l' || %1$s || '_h' || pg_catalog.left(pg_catalog.md5(%2$s), 16) END";

    static final List<String> DDL = List.of(
            // The copy each upstream sequence reads on this stack: the topmost layer's (a lower layer's is frozen
            // where its branch stood when the layer above was made). A plain view: read with rift's rights.
            """
            CREATE VIEW rift_catalog.rift_sequence_copy AS
              SELECT DISTINCT ON (q.relid) q.relid,
                     pg_catalog.to_regclass(pg_catalog.quote_ident(%s) || '.' || pg_catalog.quote_ident(q.sequence_name))
                       AS copy
                FROM rift_catalog.rift_stack s JOIN rift.layer_sequences q ON q.layer_id = s.layer_id
               ORDER BY q.relid, s.depth""".formatted(DATA_SCHEMA.formatted("q.layer_id", "q.schema_name")),
            // pg_catalog's is VOLATILE STRICT and PARALLEL SAFE; it checks the caller's SELECT or USAGE on what it
            // reads, which the session role has on the copy as on the upstream's sequence (docs/security.md).
            """
            CREATE FUNCTION rift_catalog.pg_sequence_last_value(regclass) RETURNS bigint
            LANGUAGE sql VOLATILE PARALLEL SAFE STRICT AS $$
              SELECT pg_catalog.pg_sequence_last_value(COALESCE(
                (SELECT c.copy FROM rift_catalog.rift_sequence_copy c WHERE c.relid OPERATOR(pg_catalog.=) $1), $1))
            $$""");
}
