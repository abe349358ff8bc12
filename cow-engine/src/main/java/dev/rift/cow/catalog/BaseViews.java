package dev.rift.cow.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The views of {@code rift_catalog} named after pg_catalog's tables: the same rows minus what the branch does not
 * show, with an own schema's objects moved to their logical schema. Their columns are read from the server's own
 * pg_catalog table at installation, so names, order and types are exactly PostgreSQL's and {@code SELECT *} works.
 */
final class BaseViews {
    private BaseViews() {}

    /**
     * One view: the pg_catalog table it filters (under alias {@code x}), its namespace columns (an own schema's
     * object shows its logical schema there), and its condition.
     */
    record Spec(String table, List<String> namespaces, String where) {
        Spec(String table, String where) {
            this(table, List.of(), where);
        }
    }

    /** A row type of a merged view ({@code rift_l7.m_16399}), in a layer schema the branch does not show. */
    private static final String LAYER_ROW_TYPE = "x.typrelid <> 0 AND x.typnamespace IN (SELECT r.oid FROM"
            + " rift_catalog.rift_internal_schema r JOIN pg_catalog.pg_namespace n ON n.oid = r.oid"
            + " WHERE n.nspname ~ '^rift_l[0-9]+$')";

    /**
     * The namespace such a row type shows: pg_catalog's, whose types no listing or dump shows as the user's; its
     * own is hidden, and pg_dump fails on a type whose namespace it cannot find.
     */
    private static final String LAYER_ROW_TYPE_NAMESPACE = "CASE WHEN " + LAYER_ROW_TYPE
            + " THEN 'pg_catalog'::pg_catalog.regnamespace::pg_catalog.oid ELSE ";

    private static final String INVISIBLE_RELATION = " NOT IN (SELECT oid FROM rift_catalog.rift_invisible_relation)";
    private static final String INVISIBLE_OBJECT = " NOT IN (SELECT classid, objid FROM rift_catalog.rift_invisible_object)";

    static final List<Spec> SPECS = List.of(
            new Spec("pg_namespace", "(x.oid NOT IN (SELECT oid FROM rift_catalog.rift_schema)"
                    + " OR x.oid IN (SELECT physical FROM rift_catalog.rift_own_schema WHERE logical = physical))"),
            new Spec("pg_class", List.of("relnamespace"), "x.oid" + INVISIBLE_RELATION),
            // Row types of merged views stay findable by oid: a whole-row reference to a changed table is
            // typed by its merged view's row type, and drivers look that oid up. They show in pg_catalog's
            // namespace (see LAYER_ROW_TYPE_NAMESPACE), so listings and pg_dump pass them over.
            new Spec("pg_type", List.of("typnamespace"),
                    "(x.oid NOT IN (SELECT oid FROM rift_catalog.rift_invisible_type) OR " + LAYER_ROW_TYPE + ")"),
            new Spec("pg_attribute", "x.attrelid" + INVISIBLE_RELATION),
            new Spec("pg_attrdef", "x.adrelid" + INVISIBLE_RELATION),
            new Spec("pg_index", "x.indexrelid" + INVISIBLE_RELATION + " AND x.indrelid" + INVISIBLE_RELATION),
            new Spec("pg_constraint", List.of("connamespace"),
                    "x.oid NOT IN (SELECT objid FROM rift_catalog.rift_invisible_object "
                            + "WHERE classid = 'pg_catalog.pg_constraint'::pg_catalog.regclass)"),
            new Spec("pg_description", "(x.classoid, x.objoid)" + INVISIBLE_OBJECT),
            new Spec("pg_sequence", "x.seqrelid" + INVISIBLE_RELATION),
            new Spec("pg_trigger", "x.tgrelid" + INVISIBLE_RELATION + " AND x.tgname NOT LIKE 'rift\\_%'"),
            // rift's event triggers (the upstream guard, docs/security.md) are the upstream's machinery.
            new Spec("pg_event_trigger", "x.evtname NOT LIKE 'rift\\_%'"),
            // refobjid stays as it is, so that lookups by it (information_schema joins pg_depend on it) use the
            // index: the one dependency this hides that a copy shows is an own object's on its schema.
            new Spec("pg_depend",
                    "(x.classid, x.objid)" + INVISIBLE_OBJECT + " AND (x.refclassid, x.refobjid)" + INVISIBLE_OBJECT),
            new Spec("pg_inherits", "x.inhrelid" + INVISIBLE_RELATION + " AND x.inhparent" + INVISIBLE_RELATION),
            new Spec("pg_partitioned_table", "x.partrelid" + INVISIBLE_RELATION),
            new Spec("pg_statistic_ext", List.of("stxnamespace"), "x.stxrelid" + INVISIBLE_RELATION),
            new Spec("pg_policy", "x.polrelid" + INVISIBLE_RELATION),
            new Spec("pg_rewrite", "x.ev_class" + INVISIBLE_RELATION),
            new Spec("pg_proc", List.of("pronamespace"),
                    "x.pronamespace NOT IN (SELECT oid FROM rift_catalog.rift_internal_schema)"),
            // A view, not a table, but filtered the same way: the session's statements minus the router's hidden ones.
            new Spec("pg_prepared_statements", "NOT pg_catalog.starts_with(x.name, '"
                    + CatalogRedirects.HIDDEN_STATEMENT_PREFIX + "')"),
            new Spec("pg_database", DatabaseName.PG_DATABASE_WHERE));

    /**
     * The views' DDL. A view column of type anyarray ({@code pg_attribute.attmissingval}) needs
     * {@code allow_system_table_mods}, which only a superuser may set: without it, that column is its text form.
     */
    static List<String> ddl(Connection c, boolean anyarrayAllowed) throws SQLException {
        List<String> ddl = new ArrayList<>();
        ddl.add(SESSION_ROLE_VIEW);
        ddl.add(TABLE_OID_FUNCTION);
        ddl.add(ROLE_WORD_FUNCTION);
        ddl.add(CLIENT_ACL_FUNCTION);
        for (Spec spec : SPECS) {
            ddl.add(ddl(spec, columns(c, spec.table()), anyarrayAllowed));
        }
        return ddl;
    }

    private static String ddl(Spec spec, List<String> columns, boolean anyarrayAllowed) {
        if (!columns.containsAll(spec.namespaces())) {
            throw new IllegalStateException("pg_catalog." + spec.table() + " lacks a column of " + spec.namespaces());
        }
        StringBuilder select = new StringBuilder();
        for (String column : columns) {
            select.append(select.length() == 0 ? "" : ", ")
                    .append(column.equals("typnamespace") ? LAYER_ROW_TYPE_NAMESPACE + shownNamespace(column)
                                    + " END AS " + column
                            : spec.namespaces().contains(column) ? shownNamespace(column) + " AS " + column
                            : OWNER_COLUMNS.contains(column) ? shownOwner(column) + " AS " + column
                            : ACL_COLUMNS.contains(column) ? "rift_catalog.rift_client_acl(x." + column + ") AS " + column
                            : column.equals("nspname") ? BRANCH_SCHEMA_NAME + " AS nspname"
                            : column.equals("datname") ? DatabaseName.shownName(column) + " AS datname"
                            : column.equals("attmissingval") && !anyarrayAllowed ? "x.attmissingval::text AS attmissingval"
                            : "x." + column);
        }
        return "CREATE VIEW rift_catalog." + spec.table() + " AS SELECT " + select + " FROM pg_catalog." + spec.table()
                + " x WHERE " + spec.where();
    }

    /**
     * The namespace a namespace column shows: an own schema of the stack shows as its logical schema. The own
     * schemas are two arrays computed once per statement (uncorrelated subqueries become InitPlans), looked up by
     * position; a join instead would make every view a join, which defeats the planner's index paths when
     * information_schema's views join a dozen of them.
     */
    private static String shownNamespace(String column) {
        return "COALESCE((SELECT pg_catalog.array_agg(o.logical ORDER BY o.physical) "
                + "FROM rift_catalog.rift_own_schema o)[pg_catalog.array_position("
                + "(SELECT pg_catalog.array_agg(o.physical ORDER BY o.physical) FROM rift_catalog.rift_own_schema o), "
                + "x." + column + ")], x." + column + ")";
    }

    /** A schema only the branch has shows its logical name (its own schema is its oid). */
    private static final String BRANCH_SCHEMA_NAME = "COALESCE((SELECT o.logical_name FROM rift_catalog.rift_own_schema o"
            + " WHERE o.physical = x.oid AND o.logical = o.physical), x.nspname)";

    /** Columns naming an object's owner: an object a session role owns shows its client role as the owner. */
    private static final List<String> OWNER_COLUMNS = List.of("relowner", "typowner", "proowner", "nspowner");

    /**
     * The router's stand-in for the system column {@code tableoid} of a view here ({@link CatalogRedirects#TABLE_OID}):
     * named so that a call's column is named {@code tableoid}; inlined, and the table's name read once, at parse.
     */
    private static final String TABLE_OID_FUNCTION = "CREATE FUNCTION " + CatalogRedirects.TABLE_OID
            + "(pg_catalog.regclass) RETURNS pg_catalog.oid LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT"
            + " AS 'SELECT $1::pg_catalog.oid'";

    /** Columns holding an object's privileges: a session role in them shows as its client role. */
    private static final List<String> ACL_COLUMNS = List.of("relacl", "typacl", "proacl", "nspacl", "attacl");

    /**
     * An ACL with every session role, as grantee or grantor, written as its client role (as the owner columns show
     * it, so pg_dump finds an owner's default privileges default). Strict: the usual NULL costs no call. Each item is
     * rebuilt from its text form, since makeaclitem takes one privilege before PostgreSQL 16.
     */
    private static final String CLIENT_ACL_FUNCTION = """
            CREATE FUNCTION rift_catalog.rift_client_acl(acl pg_catalog.aclitem[]) RETURNS pg_catalog.aclitem[]
              LANGUAGE sql STABLE STRICT PARALLEL SAFE AS $$
              SELECT pg_catalog.array_agg(CASE WHEN e.grantee_client IS NULL AND e.grantor_client IS NULL THEN u.a
                       ELSE (rift_catalog.rift_role_word(COALESCE(e.grantee_client, e.grantee)) || '='
                             || pg_catalog.substring(u.a::pg_catalog.text, '=([a-zA-Z*]*)/') || '/'
                             || rift_catalog.rift_role_word(COALESCE(e.grantor_client, e.grantor)))::pg_catalog.aclitem
                       END ORDER BY u.i)
                FROM pg_catalog.unnest(acl) WITH ORDINALITY AS u(a, i)
                     LEFT JOIN LATERAL (SELECT x.grantee, x.grantor,
                                     (SELECT r.client FROM rift_catalog.rift_session_role r WHERE r.session = x.grantee)
                                       AS grantee_client,
                                     (SELECT r.client FROM rift_catalog.rift_session_role r WHERE r.session = x.grantor)
                                       AS grantor_client
                                FROM pg_catalog.aclexplode(ARRAY[u.a]) x LIMIT 1) e ON true $$""";

    /** A role as an ACL item names it: empty for PUBLIC (oid 0). */
    private static final String ROLE_WORD_FUNCTION = """
            CREATE FUNCTION rift_catalog.rift_role_word(r pg_catalog.oid) RETURNS pg_catalog.text
              LANGUAGE sql STABLE STRICT PARALLEL SAFE AS $$
              SELECT COALESCE((SELECT pg_catalog.quote_ident(a.rolname) FROM pg_catalog.pg_roles a WHERE a.oid = r), '') $$""";

    /** Session roles and the client roles they stand for (docs/security.md), read with rift's rights. */
    private static final String SESSION_ROLE_VIEW = "CREATE VIEW rift_catalog.rift_session_role AS"
            + " SELECT o.oid AS session, c.oid AS client FROM rift.session_roles s"
            + " JOIN pg_catalog.pg_roles o ON o.rolname = s.role_name JOIN pg_catalog.pg_roles c ON c.rolname = s.client_role";

    /** As {@link #shownNamespace}: two arrays computed once per statement, looked up by position. */
    private static String shownOwner(String column) {
        return "COALESCE((SELECT pg_catalog.array_agg(r.client ORDER BY r.session) FROM rift_catalog.rift_session_role r)"
                + "[pg_catalog.array_position((SELECT pg_catalog.array_agg(r.session ORDER BY r.session) "
                + "FROM rift_catalog.rift_session_role r), x." + column + ")], x." + column + ")";
    }

    /** The table's columns in order (system catalogs have no dropped columns, and their names need no quoting). */
    private static List<String> columns(Connection c, String table) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT attname FROM pg_catalog.pg_attribute "
                + "WHERE attrelid = ('pg_catalog.' || ?)::pg_catalog.regclass AND attnum > 0 AND NOT attisdropped "
                + "ORDER BY attnum")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.add(rs.getString(1));
                }
            }
        }
        return columns;
    }
}
