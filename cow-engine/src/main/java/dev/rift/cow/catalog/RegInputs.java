package dev.rift.cow.catalog;

import java.util.ArrayList;
import java.util.List;

/**
 * Text read as an object name on a branch ({@code 'public.t'::regclass}, {@code to_regtype('public.mood')}): a name
 * qualified with a logical schema reaches the branch's own object of that name in the top layer's own schema, and a
 * relation or type the branch dropped is not found, as on a copy. Unqualified names already resolve through the
 * session's physical search_path (docs/ddl.md); they only need the check for what the branch dropped.
 *
 * <p>The router sends a cast of a literal or a parameter to {@code rift_catalog.rift_to_<type>} and calls of
 * {@code to_<type>} to {@code rift_catalog.to_<type>}; both go through {@code rift_catalog.rift_reg_name}, which
 * returns the text pg_catalog's input function is then given, so that its errors are PostgreSQL's own.
 */
final class RegInputs {
    private RegInputs() {}

    /** The reg* types whose input names an object a branch can own, each with its pg_catalog {@code to_*} function. */
    static final List<String> TYPES = List.of("regclass", "regtype", "regproc", "regprocedure", "regoper",
            "regoperator", "regnamespace");

    /** The {@code to_*} functions of {@link #TYPES}, wrapped in {@code rift_catalog}. */
    static List<String> toFunctions() {
        return TYPES.stream().map(t -> "to_" + t).toList();
    }

    static List<String> ddl() {
        List<String> ddl = new ArrayList<>();
        ddl.add(REG_LOOKUP);
        ddl.add(REG_MISSING);
        ddl.add(REG_NAME);
        for (String type : TYPES) {
            // Inlined into the caller's query (plain SQL, STABLE, not STRICT), so an input error carries no context
            // line naming this function.
            ddl.add("CREATE FUNCTION rift_catalog.rift_to_" + type + "(text) RETURNS pg_catalog." + type
                    + " LANGUAGE sql STABLE PARALLEL SAFE AS $$ SELECT pg_catalog." + type
                    + "in(rift_catalog.rift_reg_name($1, '" + type + "', false)::pg_catalog.cstring) $$");
            ddl.add("CREATE FUNCTION rift_catalog.to_" + type + "(text) RETURNS pg_catalog." + type
                    + " LANGUAGE sql STABLE PARALLEL SAFE STRICT AS $$ SELECT pg_catalog.to_" + type
                    + "(rift_catalog.rift_reg_name($1, '" + type + "', true)) $$");
        }
        return ddl;
    }

    /** The object a name reads as through pg_catalog's {@code to_*} function of the type (NULL when none). */
    private static final String REG_LOOKUP = """
            CREATE FUNCTION rift_catalog.rift_reg_lookup(input text, type text) RETURNS oid
            LANGUAGE sql STABLE PARALLEL SAFE AS $$
              SELECT CASE type
                WHEN 'regclass' THEN pg_catalog.to_regclass(input)::oid
                WHEN 'regtype' THEN pg_catalog.to_regtype(input)::oid
                WHEN 'regproc' THEN pg_catalog.to_regproc(input)::oid
                WHEN 'regprocedure' THEN pg_catalog.to_regprocedure(input)::oid
                WHEN 'regoper' THEN pg_catalog.to_regoper(input)::oid
                WHEN 'regoperator' THEN pg_catalog.to_regoperator(input)::oid
                WHEN 'regnamespace' THEN pg_catalog.to_regnamespace(input)::oid
              END
            $$""";

    /** Raises PostgreSQL's error for a name of a relation, type or function that the branch does not have. */
    private static final String REG_MISSING = """
            CREATE FUNCTION rift_catalog.rift_reg_missing(input text, type text) RETURNS void
            LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
            BEGIN
              IF type = 'regclass' THEN
                RAISE EXCEPTION 'relation "%" does not exist',
                  pg_catalog.array_to_string(pg_catalog.parse_ident(input), '.') USING ERRCODE = '42P01';
              ELSIF type = 'regproc' THEN
                RAISE EXCEPTION 'function "%" does not exist',
                  pg_catalog.array_to_string(pg_catalog.parse_ident(input), '.') USING ERRCODE = '42883';
              END IF;
              RAISE EXCEPTION 'type "%" does not exist',
                pg_catalog.array_to_string(pg_catalog.parse_ident(input, false), '.') USING ERRCODE = '42704';
            END
            $$""";

    /**
     * The name to give pg_catalog's input: the own object's qualified physical name when the top layer's own schema
     * of the logical schema holds one, else the input itself. What the branch dropped is not found: 42P01 / 42704
     * (NULL when {@code missing_ok}). The input is first read as it is, so a malformed name fails as on a copy.
     */
    private static final String REG_NAME = """
            CREATE FUNCTION rift_catalog.rift_reg_name(input text, type text, missing_ok boolean) RETURNS text
            LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
            DECLARE
              found oid;
              m text[];
              wanted text;
              candidate text;
              branch_only boolean;
            BEGIN
              IF input IS NULL THEN
                RETURN NULL;
              END IF;
              found := rift_catalog.rift_reg_lookup(input, type);
              IF type = 'regnamespace' THEN
                m := pg_catalog.regexp_match(input, '^\\s*("(?:[^"]|"")+"|[^\\s."]+)\\s*$');
              ELSE
                m := pg_catalog.regexp_match(input, '^\\s*("(?:[^"]|"")+"|[^\\s."()]+)\\s*\\.(.*)$', 's');
              END IF;
              IF m IS NOT NULL THEN
                wanted := CASE WHEN m[1] LIKE '"%' THEN pg_catalog.replace(pg_catalog.substr(m[1], 2,
                               pg_catalog.length(m[1]) - 2), '""', '"')
                           ELSE pg_catalog.translate(m[1], 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') END;
                -- A schema only the branch has is its own schema; an upstream schema stays the upstream's, as the
                -- catalog shows it (pg_namespace).
                SELECT pg_catalog.quote_ident(o.physical_name) || CASE WHEN type = 'regnamespace' THEN ''
                         ELSE '.' || m[2] END, o.logical = o.physical
                  INTO candidate, branch_only
                  FROM rift_catalog.rift_own_schema o
                 WHERE o.logical_name = wanted AND (type <> 'regnamespace' OR o.logical = o.physical);
                IF candidate IS NOT NULL AND (type = 'regnamespace'
                    OR rift_catalog.rift_reg_lookup(candidate, type) IS NOT NULL) THEN
                  RETURN candidate;
                END IF;
                -- Nothing of that name in a schema only the branch has: as a copy says it, without the own schema.
                IF branch_only AND type IN ('regclass', 'regtype', 'regproc') THEN
                  IF missing_ok THEN
                    RETURN NULL;
                  END IF;
                  PERFORM rift_catalog.rift_reg_missing(input, type);
                END IF;
              END IF;
              IF found IS NOT NULL AND (type = 'regclass'
                    AND found IN (SELECT oid FROM rift_catalog.rift_invisible_relation)
                  OR type = 'regtype' AND found IN (SELECT oid FROM rift_catalog.rift_invisible_type)) THEN
                IF missing_ok THEN
                  RETURN NULL;
                END IF;
                PERFORM rift_catalog.rift_reg_missing(input, type);
              END IF;
              RETURN input;
            END
            $$""";
}
