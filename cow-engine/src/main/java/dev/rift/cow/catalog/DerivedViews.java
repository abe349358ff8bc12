package dev.rift.cow.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Copies of PostgreSQL's own views over the catalog (pg_catalog's {@code pg_tables}, information_schema's
 * {@code columns}, ...) that read {@code rift_catalog}'s views and call its wrappers instead of pg_catalog's.
 *
 * <p>The definition is taken from the server itself ({@code pg_get_viewdef}) printed under
 * {@code search_path = pg_catalog}, which leaves every pg_catalog name unqualified and qualifies everything else; it is
 * then created under {@code search_path = rift_catalog, pg_catalog}, so each unqualified name binds to rift_catalog's
 * object of that name when there is one. information_schema's own objects stay qualified, so the references to the
 * views and functions copied into {@code rift_information_schema} are renamed in the text.
 */
final class DerivedViews {
    private DerivedViews() {}

    private static final Pattern INFORMATION_SCHEMA_NAME =
            Pattern.compile("(?<![\\w$\"])information_schema\\.(\\w+)");

    /**
     * information_schema's helpers that take pg_catalog row types: their copies take rift_catalog's, so that
     * {@code _pg_truetypid(a.*, t.*)} resolves over the views. (The other helpers take oids and need no copy.)
     */
    static final List<String> INFORMATION_SCHEMA_FUNCTIONS = List.of("_pg_truetypid", "_pg_truetypmod");

    private static final List<String> FUNCTION_DDL = List.of(
            """
            CREATE FUNCTION rift_information_schema._pg_truetypid(rift_catalog.pg_attribute, rift_catalog.pg_type)
            RETURNS oid LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
            RETURN CASE WHEN ($2).typtype = 'd' THEN ($2).typbasetype ELSE ($1).atttypid END""",
            """
            CREATE FUNCTION rift_information_schema._pg_truetypmod(rift_catalog.pg_attribute, rift_catalog.pg_type)
            RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
            RETURN CASE WHEN ($2).typtype = 'd' THEN ($2).typtypmod ELSE ($1).atttypmod END""");

    /** Creates the copies, in {@link CatalogRedirects}' order (a view's dependencies come before it). */
    static void create(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String view : CatalogRedirects.DERIVED_PG_CATALOG_VIEWS) {
                copy(c, s, "pg_catalog", "rift_catalog", view);
            }
            for (String ddl : FUNCTION_DDL) {
                s.execute(ddl);
            }
            for (String view : CatalogRedirects.INFORMATION_SCHEMA_VIEWS) {
                copy(c, s, "information_schema", "rift_information_schema", view);
            }
        }
    }

    private static void copy(Connection c, Statement s, String from, String to, String view) throws SQLException {
        String definition = renameInformationSchemaReferences(
                qualifyRegclassLiterals(definition(c, s, from, view)), from + "." + view);
        s.execute("SET LOCAL search_path = rift_catalog, pg_catalog");
        try {
            s.execute("CREATE VIEW " + to + "." + view + " AS " + definition);
        } catch (SQLException e) {
            throw new SQLException(e.getMessage() + "\n  in rift's copy of " + from + "." + view + ": " + definition,
                    e.getSQLState(), e);
        }
    }

    private static String definition(Connection c, Statement s, String schema, String view) throws SQLException {
        // Every SET here is LOCAL: the installation's transaction ends with the connection's own search_path.
        s.execute("SET LOCAL search_path = pg_catalog");
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT pg_catalog.pg_get_viewdef(pg_catalog.to_regclass(?))")) {
            ps.setString(1, schema + "." + view);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getString(1) == null) {
                    throw new SQLException("this PostgreSQL has no view " + schema + "." + view, "42P01");
                }
                return rs.getString(1).replaceFirst(";\\s*$", "");
            }
        }
    }

    /**
     * A regclass literal ({@code 'pg_constraint'::regclass}, comparing classid columns) is resolved when the view is
     * created: it must name pg_catalog's table, not the rift_catalog view of that name the search_path finds first.
     */
    static String qualifyRegclassLiterals(String definition) {
        return REGCLASS_LITERAL.matcher(definition).replaceAll("'pg_catalog.$1'::regclass");
    }

    private static final Pattern REGCLASS_LITERAL = Pattern.compile("'(pg_\\w+)'::regclass\\b");

    /**
     * Points references to information_schema's views and row-type helpers at their copies. A reference to a view
     * that has no copy would silently read pg_catalog, so it is refused: the list of copies must be completed.
     */
    static String renameInformationSchemaReferences(String definition, String view) throws SQLException {
        Set<String> copied = new LinkedHashSet<>(CatalogRedirects.INFORMATION_SCHEMA_VIEWS);
        copied.addAll(INFORMATION_SCHEMA_FUNCTIONS);
        Matcher m = INFORMATION_SCHEMA_NAME.matcher(definition);
        StringBuilder out = new StringBuilder();
        List<String> missing = new ArrayList<>();
        while (m.find()) {
            String name = m.group(1);
            if (copied.contains(name)) {
                m.appendReplacement(out, Matcher.quoteReplacement("rift_information_schema." + name));
            } else {
                if (!name.startsWith("_pg_") && !DOMAINS.contains(name)) {
                    missing.add(name);
                }
                m.appendReplacement(out, Matcher.quoteReplacement(m.group()));
            }
        }
        m.appendTail(out);
        if (!missing.isEmpty()) {
            throw new SQLException(view + " reads information_schema." + missing + ", which rift_information_schema "
                    + "does not copy", "XX000");
        }
        return out.toString();
    }

    /** information_schema's domains: types, not relations, so they stay where they are. */
    private static final Set<String> DOMAINS =
            Set.of("sql_identifier", "character_data", "cardinal_number", "yes_or_no", "time_stamp");
}
