package dev.rift.cow.catalog;

import java.util.ArrayList;
import java.util.List;

/**
 * The functions of {@code rift_catalog} with pg_catalog's names and signatures whose output can name an own schema:
 * each calls pg_catalog's function and prints the stack's own schemas as their logical schemas.
 *
 * <p>PostgreSQL qualifies a name only when it is not visible on the search_path, and a branch's session runs on the
 * physical expansion of its logical search_path (docs/ddl.md), so an own object prints unqualified exactly when its
 * logical name would on a copy; what remains qualified only needs its schema renamed. The wrappers never set a
 * search_path of their own, since that would change what PostgreSQL qualifies; so every name inside is qualified.
 */
final class TextWrappers {
    private TextWrappers() {}

    /** A wrapped function: name, argument types, result type, and pg_catalog's volatility, parallel safety and strictness. */
    record Wrapped(String name, List<String> args, String result, String traits) {
        String ddl() {
            List<String> params = new ArrayList<>();
            for (int i = 1; i <= args.size(); i++) {
                params.add("$" + i);
            }
            return "CREATE FUNCTION rift_catalog." + name + "(" + String.join(", ", args) + ") RETURNS " + result
                    + " LANGUAGE sql " + traits + " AS $$SELECT rift_catalog.rift_logical_names(pg_catalog." + name
                    + "(" + String.join(", ", params) + "))$$";
        }
    }

    private static final String STRICT = "STABLE PARALLEL SAFE STRICT";
    private static final String RESTRICTED = "STABLE PARALLEL RESTRICTED STRICT";

    static final List<Wrapped> WRAPPED = List.of(
            new Wrapped("pg_get_indexdef", List.of("oid"), "text", STRICT),
            new Wrapped("pg_get_indexdef", List.of("oid", "integer", "boolean"), "text", STRICT),
            new Wrapped("pg_get_constraintdef", List.of("oid"), "text", STRICT),
            new Wrapped("pg_get_constraintdef", List.of("oid", "boolean"), "text", STRICT),
            new Wrapped("pg_get_expr", List.of("pg_node_tree", "oid"), "text", STRICT),
            new Wrapped("pg_get_expr", List.of("pg_node_tree", "oid", "boolean"), "text", STRICT),
            new Wrapped("pg_get_viewdef", List.of("oid"), "text", RESTRICTED),
            new Wrapped("pg_get_viewdef", List.of("oid", "boolean"), "text", RESTRICTED),
            new Wrapped("pg_get_viewdef", List.of("oid", "integer"), "text", RESTRICTED),
            new Wrapped("pg_get_viewdef", List.of("text"), "text", RESTRICTED),
            new Wrapped("pg_get_viewdef", List.of("text", "boolean"), "text", RESTRICTED),
            new Wrapped("pg_get_ruledef", List.of("oid"), "text", STRICT),
            new Wrapped("pg_get_ruledef", List.of("oid", "boolean"), "text", STRICT),
            new Wrapped("pg_get_triggerdef", List.of("oid"), "text", STRICT),
            new Wrapped("pg_get_triggerdef", List.of("oid", "boolean"), "text", STRICT),
            new Wrapped("pg_get_statisticsobjdef", List.of("oid"), "text", STRICT),
            new Wrapped("pg_get_functiondef", List.of("oid"), "text", STRICT),
            new Wrapped("pg_get_function_arguments", List.of("oid"), "text", STRICT),
            new Wrapped("pg_get_function_identity_arguments", List.of("oid"), "text", STRICT),
            new Wrapped("pg_get_function_result", List.of("oid"), "text", STRICT),
            // format_type is not strict: format_type(oid, NULL) is its most common call.
            new Wrapped("format_type", List.of("oid", "integer"), "text", "STABLE PARALLEL SAFE"));

    /** The functions written by hand rather than generated from {@link #WRAPPED}. */
    static final List<String> OTHERS = List.of("pg_get_serial_sequence", "current_schema", "current_schemas",
            "set_config");

    static List<String> ddl() {
        List<String> ddl = new ArrayList<>();
        ddl.add(LOGICAL_NAMES);
        for (Wrapped w : WRAPPED) {
            ddl.add(w.ddl());
        }
        ddl.add(SERIAL_SEQUENCE);
        ddl.add(CURRENT_SCHEMAS); // current_schema() reads it
        ddl.add(CURRENT_SCHEMA);
        ddl.add(SET_CONFIG);
        ddl.add(CLIENT_USER_FUNCTION);
        return ddl;
    }

    /**
     * Renames every own schema of the stack to its logical schema in a printed definition, quoted or not as each
     * name needs. The test for {@code rift_o} keeps the usual case (no own schema named) free of any lookup.
     */
    private static final String LOGICAL_NAMES = """
            CREATE FUNCTION rift_catalog.rift_logical_names(def text) RETURNS text
            LANGUAGE plpgsql STABLE PARALLEL SAFE STRICT AS $$
            DECLARE
              s record;
            BEGIN
              IF pg_catalog.strpos(def, 'rift_o') = 0 THEN
                RETURN def;
              END IF;
              FOR s IN SELECT o.physical_name, o.logical_name FROM rift_catalog.rift_own_schema o
                        ORDER BY pg_catalog.length(o.physical_name) DESC LOOP
                def := pg_catalog.regexp_replace(def,
                  '(^|[^[:alnum:]_$"])'
                    || pg_catalog.regexp_replace(pg_catalog.quote_ident(s.physical_name), '([^[:alnum:]_])', '\\\\\\1', 'g')
                    || '\\.',
                  '\\1' || pg_catalog.replace(pg_catalog.quote_ident(s.logical_name), '\\', '\\\\') || '.', 'g');
              END LOOP;
              RETURN def;
            END
            $$""";

    /**
     * The table argument names a logical table: when its schema is qualified, the table may be an own table of the
     * stack (the topmost one wins), which pg_catalog's function would not find under the logical schema's name.
     */
    private static final String SERIAL_SEQUENCE = """
            CREATE FUNCTION rift_catalog.pg_get_serial_sequence(text, text) RETURNS text
            LANGUAGE plpgsql STABLE PARALLEL SAFE STRICT AS $$
            DECLARE
              parts text[] := pg_catalog.parse_ident($1);
              own name;
            BEGIN
              IF pg_catalog.array_length(parts, 1) = 2 THEN
                SELECT o.physical_name INTO own
                  FROM rift_catalog.rift_own_schema o
                  JOIN pg_catalog.pg_class c ON c.relnamespace = o.physical AND c.relname = parts[2]
                 WHERE o.logical_name = parts[1]
                   AND c.oid NOT IN (SELECT relid FROM rift_catalog.rift_hidden_relation)
                 ORDER BY o.depth LIMIT 1;
                IF own IS NOT NULL THEN
                  RETURN rift_catalog.rift_logical_names(pg_catalog.pg_get_serial_sequence(
                    pg_catalog.quote_ident(own) || '.' || pg_catalog.quote_ident(parts[2]), $2));
                END IF;
              END IF;
              RETURN rift_catalog.rift_logical_names(pg_catalog.pg_get_serial_sequence($1, $2));
            END
            $$""";

    /** The first schema of the path as the client sees it: pg_catalog's current_schema() is current_schemas(false)[1]. */
    private static final String CURRENT_SCHEMA = """
            CREATE FUNCTION rift_catalog.current_schema() RETURNS name
            LANGUAGE sql STABLE PARALLEL UNSAFE AS $$
              SELECT (rift_catalog.current_schemas(false))[1]
            $$""";

    /**
     * {@code set_config('search_path', ...)} by a client (Flyway restores the path it read this way): the value is
     * the logical path, so each schema is preceded by the stack's own schemas for it, as the session's own setting is
     * (router's PhysicalSearchPath, docs/ddl.md); the layers' name views stay out, since the router adds them for the
     * transaction of each statement that runs code (docs/overlay.md). The client gets its value back. Every other
     * setting passes to pg_catalog's.
     */
    private static final String SET_CONFIG = """
            CREATE FUNCTION rift_catalog.set_config(text, text, boolean) RETURNS text
            LANGUAGE plpgsql VOLATILE AS $$
            DECLARE
              entry text;
              wanted text;
              expanded text[] := '{}';
            BEGIN
              IF pg_catalog.lower($1) <> 'search_path' THEN
                RETURN pg_catalog.set_config($1, $2, $3);
              END IF;
              FOREACH entry IN ARRAY pg_catalog.string_to_array($2, ',') LOOP
                entry := pg_catalog.btrim(entry);
                wanted := CASE WHEN entry LIKE '"%"'
                    THEN pg_catalog.replace(pg_catalog.substr(entry, 2, pg_catalog.length(entry) - 2), '""', '"')
                    ELSE pg_catalog.lower(entry) END;
                IF wanted = '$user' THEN
                  wanted := rift_catalog.client_user();
                END IF;
                expanded := expanded || ARRAY(SELECT pg_catalog.quote_ident(o.physical_name)
                    FROM rift_catalog.rift_own_schema o WHERE o.logical_name = wanted ORDER BY o.depth);
                expanded := expanded || entry;
              END LOOP;
              PERFORM pg_catalog.set_config('search_path', pg_catalog.array_to_string(expanded, ', '), $3);
              RETURN $2;
            END $$""";

    /**
     * A branch session runs as its client role's session role (docs/security.md); the client's role name is what a
     * copy would answer for {@code current_user}. SECURITY DEFINER to read rift's catalog (the secrets stay unread).
     */
    private static final String CLIENT_USER_FUNCTION = """
            CREATE FUNCTION rift_catalog.client_user() RETURNS name
            LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$
              SELECT COALESCE((SELECT s.client_role FROM rift.session_roles s WHERE s.role_name = session_user),
                              session_user)
            $$""";

    /**
     * Own schemas of several layers stand for one logical schema: it is listed once, where it first appears. The
     * layers' name views (docs/overlay.md) are not the client's: left out.
     */
    private static final String CURRENT_SCHEMAS = """
            CREATE FUNCTION rift_catalog.current_schemas(boolean) RETURNS name[]
            LANGUAGE sql STABLE PARALLEL UNSAFE STRICT AS $$
              SELECT COALESCE(pg_catalog.array_agg(shown ORDER BY first), '{}')
                FROM (SELECT COALESCE(o.logical_name, u.s) AS shown, pg_catalog.min(u.i) AS first
                        FROM pg_catalog.unnest(pg_catalog.current_schemas($1)) WITH ORDINALITY AS u(s, i)
                        LEFT JOIN rift_catalog.rift_own_schema o ON o.physical_name = u.s
                       WHERE NOT u.s OPERATOR(pg_catalog.~) '^rift_v[0-9]+_'
                       GROUP BY 1) y
            $$""";
}
