package dev.rift.cow.catalog;

import java.util.List;

/**
 * The helper views of {@code rift_catalog} that decide what a branch's catalog shows (docs/ddl.md, "The catalog a
 * branch shows"). Every one reads the stack from {@code rift.stack} once per use, so a statement sees one stack.
 *
 * <p>They run with their owner's rights (plain views), so clients need no access to the {@code rift} schema. Their
 * names start with {@code rift_}, which no pg_catalog relation does.
 */
final class Visibility {
    private Visibility() {}

    /** A rift schema: rift's catalog, the catalog views, a layer's data ({@code rift_l7...}), own ({@code rift_o7...}) or name views ({@code rift_v7...}). */
    static final String RIFT_SCHEMA_PREDICATE =
            "(nspname IN ('rift', 'rift_catalog', 'rift_information_schema') OR nspname ~ '^rift_[lov][0-9]+(_|$)')";

    static final List<String> DDL = List.of(
            // The stack, top layer first ('{7,3}'); unset or empty means no layers: the upstream as it is.
            """
            CREATE VIEW rift_catalog.rift_stack AS
              SELECT s.layer_id, s.depth
                FROM pg_catalog.unnest(COALESCE(NULLIF(pg_catalog.current_setting('rift.stack', true), ''), '{}')::bigint[])
                     WITH ORDINALITY AS s(layer_id, depth)""",
            // Own schemas of the stack's top layer, with the upstream schema they stand for: a branch's own objects
            // live in its top layer, and a frozen layer's are the snapshot its layers above were copied from
            // (docs/ddl.md). A schema only the branch has (CREATE SCHEMA) has no upstream oid: it shows as its own
            // schema's oid under its logical name (logical = physical).
            """
            CREATE VIEW rift_catalog.rift_own_schema AS
              SELECT p.oid AS physical, p.nspname AS physical_name, COALESCE(l.oid, p.oid) AS logical,
                     ls.logical_schema::name AS logical_name, s.depth
                FROM rift_catalog.rift_stack s
                JOIN rift.layer_schemas ls ON ls.layer_id = s.layer_id
                JOIN pg_catalog.pg_namespace p ON p.nspname = ls.physical_schema
                LEFT JOIN pg_catalog.pg_namespace l ON l.nspname = ls.logical_schema
               WHERE s.depth = 1""",
            "CREATE VIEW rift_catalog.rift_schema AS SELECT n.oid FROM pg_catalog.pg_namespace n WHERE "
                    + RIFT_SCHEMA_PREDICATE,
            // Rift schemas whose objects are invisible: all of them except the stack's own schemas.
            """
            CREATE VIEW rift_catalog.rift_internal_schema AS
              SELECT r.oid FROM rift_catalog.rift_schema r
               WHERE r.oid NOT IN (SELECT o.physical FROM rift_catalog.rift_own_schema o)""",
            // Relations a layer of the stack dropped (or replaced by a materialized copy).
            """
            CREATE VIEW rift_catalog.rift_hidden_relation AS
              SELECT DISTINCT h.relid FROM rift.layer_hidden h JOIN rift_catalog.rift_stack s ON s.layer_id = h.layer_id""",
            // Every relation the branch does not show: those in internal schemas, the hidden ones, and what a hidden
            // relation takes with it (its indexes, its TOAST table, the sequences it owns).
            """
            CREATE VIEW rift_catalog.rift_invisible_relation AS
              WITH hidden AS MATERIALIZED (SELECT relid FROM rift_catalog.rift_hidden_relation),
                   direct AS MATERIALIZED (
                     SELECT c.oid, c.reltoastrelid FROM pg_catalog.pg_class c
                      WHERE c.relnamespace IN (SELECT oid FROM rift_catalog.rift_internal_schema)
                         OR c.oid IN (SELECT relid FROM hidden))
              SELECT oid FROM direct
              UNION SELECT reltoastrelid FROM direct WHERE reltoastrelid <> 0
              UNION SELECT i.indexrelid FROM pg_catalog.pg_index i WHERE i.indrelid IN (SELECT relid FROM hidden)
              UNION SELECT d.objid FROM pg_catalog.pg_depend d
                     WHERE d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass
                       AND d.refobjid IN (SELECT relid FROM hidden)
                       AND d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
                       AND d.deptype IN ('a', 'i')""",
            // Types the branch does not show: those in internal schemas, row types of invisible relations, upstream
            // types the branch's own copy of the same name shadows (an upstream type its DDL changed), and the array
            // types of those.
            """
            CREATE VIEW rift_catalog.rift_invisible_type AS
              WITH rel AS MATERIALIZED (SELECT oid FROM rift_catalog.rift_invisible_relation),
                   direct AS MATERIALIZED (
                     SELECT t.oid, t.typarray FROM pg_catalog.pg_type t
                      WHERE t.typnamespace IN (SELECT oid FROM rift_catalog.rift_internal_schema)
                         OR (t.typrelid <> 0 AND t.typrelid IN (SELECT oid FROM rel))
                         OR EXISTS (SELECT 1 FROM rift_catalog.rift_own_schema o
                                      JOIN pg_catalog.pg_type c ON c.typnamespace = o.physical
                                     WHERE o.logical = t.typnamespace AND c.typname = t.typname
                                       AND c.typtype = t.typtype AND t.typtype IN ('e', 'c', 'd')))
              SELECT oid FROM direct UNION SELECT typarray FROM direct WHERE typarray <> 0""",
            // Every catalog object the branch does not show, by (catalog, oid): for pg_depend and pg_description.
            """
            CREATE VIEW rift_catalog.rift_invisible_object AS
              WITH rel AS MATERIALIZED (SELECT oid FROM rift_catalog.rift_invisible_relation),
                   typ AS MATERIALIZED (SELECT oid FROM rift_catalog.rift_invisible_type)
              SELECT 'pg_catalog.pg_class'::pg_catalog.regclass::oid AS classid, oid AS objid FROM rel
              UNION ALL SELECT 'pg_catalog.pg_type'::pg_catalog.regclass::oid, oid FROM typ
              UNION ALL SELECT 'pg_catalog.pg_namespace'::pg_catalog.regclass::oid, oid FROM rift_catalog.rift_schema
              UNION ALL SELECT 'pg_catalog.pg_constraint'::pg_catalog.regclass::oid, c.oid FROM pg_catalog.pg_constraint c
                         WHERE c.conrelid IN (SELECT oid FROM rel) OR c.confrelid IN (SELECT oid FROM rel)
                            OR c.contypid IN (SELECT oid FROM typ)
              UNION ALL SELECT 'pg_catalog.pg_trigger'::pg_catalog.regclass::oid, t.oid FROM pg_catalog.pg_trigger t
                         WHERE t.tgrelid IN (SELECT oid FROM rel) OR t.tgname LIKE 'rift\\_%'
              UNION ALL SELECT 'pg_catalog.pg_attrdef'::pg_catalog.regclass::oid, d.oid FROM pg_catalog.pg_attrdef d
                         WHERE d.adrelid IN (SELECT oid FROM rel)
              UNION ALL SELECT 'pg_catalog.pg_rewrite'::pg_catalog.regclass::oid, r.oid FROM pg_catalog.pg_rewrite r
                         WHERE r.ev_class IN (SELECT oid FROM rel)
              UNION ALL SELECT 'pg_catalog.pg_proc'::pg_catalog.regclass::oid, p.oid FROM pg_catalog.pg_proc p
                         WHERE p.pronamespace IN (SELECT oid FROM rift_catalog.rift_internal_schema)""");
}
