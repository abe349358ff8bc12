package dev.rift.router.differential;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A checksum of every user table's rows (and every sequence's position), rift's own schemas excluded;
 * {@link #withCatalog} adds the user schemas' catalog with every grant, and the large objects.
 */
public final class UpstreamChecksum {
    private UpstreamChecksum() {}

    public static Map<String, String> of(Connection c) throws SQLException {
        return of(c, Set.of());
    }

    /** The checksum without the tables named in {@code excluded} ({@code schema.table}, as quote_ident prints them). */
    public static Map<String, String> of(Connection c, Set<String> excluded) throws SQLException {
        // pg_temp_*: another session's temporary tables cannot be read, and they vanish with it.
        return rows(c, "n.nspname NOT IN ('pg_catalog', 'information_schema', 'rift')"
                + " AND n.nspname NOT LIKE 'rift\\_%' AND n.nspname NOT LIKE 'pg\\_toast%'"
                + " AND n.nspname NOT LIKE 'pg\\_temp%'", excluded);
    }

    /** The rows of the tables and the positions of the sequences in the schemas whose name matches {@code regex}. */
    public static Map<String, String> ofSchemas(Connection c, String regex) throws SQLException {
        return rows(c, "n.nspname ~ " + quoteLiteral(regex), Set.of());
    }

    /**
     * One query per table and sequence, each naming it in its own text: through a branch, rift rewrites those names
     * to the branch's relations (a query_to_xml would read the upstream's behind rift's back).
     */
    private static Map<String, String> rows(Connection c, String schemaCondition, Set<String> excluded)
            throws SQLException {
        List<String> tables = new ArrayList<>();
        List<String> sequences = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT c.relkind, quote_ident(n.nspname) || '.' || quote_ident(c.relname) FROM pg_class c"
                        + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'S')"
                        + " AND " + schemaCondition)) {
            while (rs.next()) {
                if (!excluded.contains(rs.getString(2))) {
                    (rs.getString(1).equals("r") ? tables : sequences).add(rs.getString(2));
                }
            }
        }
        Map<String, String> sums = new TreeMap<>();
        try (Statement st = c.createStatement()) {
            for (String t : tables) {
                try (ResultSet rs = st.executeQuery("SELECT count(*) || ':' || coalesce(md5(string_agg(x::text, '|' ORDER BY x::text)), '')"
                        + " FROM " + t + " x")) {
                    rs.next();
                    sums.put(t, rs.getString(1));
                }
            }
            for (String s : sequences) {
                try (ResultSet rs = st.executeQuery("SELECT last_value || ':' || is_called FROM " + s)) {
                    rs.next();
                    sums.put(s, rs.getString(1));
                }
            }
        }
        return sums;
    }

    /**
     * Adds, for every row of each {kind, query} pair's query (an object's name, its description), the entry
     * "kind name" → description; all in one round trip.
     */
    public static void describeAll(Connection c, List<String[]> parts, Map<String, String> into) throws SQLException {
        List<String> union = new ArrayList<>();
        for (String[] p : parts) {
            union.add("SELECT " + quoteLiteral(p[0]) + "::text, q.n::text, q.d::text FROM (" + p[1] + ") AS q(n, d)");
        }
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(String.join(" UNION ALL ", union))) {
            while (rs.next()) {
                into.merge(rs.getString(1) + " " + rs.getString(2), String.valueOf(rs.getString(3)), (a, b) -> a + " & " + b);
            }
        }
    }

    private static String quoteLiteral(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    /**
     * {@link #of(Connection)} and, one entry per object, the catalog of the user schemas (schemas, relations, columns,
     * constraints, indexes, triggers, rules, policies, functions, types, operators, views) with owners and ACLs
     * (relacl, attacl, proacl, nspacl, typacl), default privileges, the database's ACL and settings, and every large
     * object (owner, ACL, an md5 of its data). Reading pg_largeobject needs a superuser connection.
     */
    public static Map<String, String> withCatalog(Connection c) throws SQLException {
        Map<String, String> sums = new TreeMap<>(of(c));
        describeAll(c, java.util.Arrays.asList(CATALOG), sums);
        return sums;
    }

    /** Schemas that are the user's: not PostgreSQL's, not rift's (rift, rift_catalog, rift_l*, rift_o*, ...). */
    private static final String USER_SCHEMA = "(%1$s NOT IN ('pg_catalog', 'information_schema', 'rift')"
            + " AND %1$s NOT LIKE 'rift\\_%%' AND %1$s NOT LIKE 'pg\\_toast%%' AND %1$s NOT LIKE 'pg\\_temp%%')";

    /**
     * rift's session roles (docs/security.md): made and granted by rift itself when a branch session opens (SELECT
     * mirrored from the client, never a write), so they are not a change a client's statements made.
     */
    public static final String SESSION_ROLE = "'^\"?rift_[0-9]+_[0-9]+_[0-9a-f]{8}\"?$'";

    /** An ACL column as text without rift's session roles, NULL read as the default it stands for. */
    public static String acl(String column, String kind, String owner) {
        return "(SELECT coalesce(string_agg(a::text, ',' ORDER BY a::text), '') FROM unnest(coalesce(" + column
                + ", acldefault(" + kind + ", " + owner + "))) a WHERE split_part(a::text, '=', 1) !~ " + SESSION_ROLE + ")";
    }

    /** A column ACL (NULL: none) as text without rift's session roles. */
    public static String columnAcl(String column) {
        return "(SELECT coalesce(string_agg(a::text, ',' ORDER BY a::text), '') FROM unnest(coalesce(" + column
                + ", '{}'::aclitem[])) a WHERE split_part(a::text, '=', 1) !~ " + SESSION_ROLE + ")";
    }

    private static String user(String column) {
        return String.format(USER_SCHEMA, column);
    }

    /** {kind, query giving (object name, its description)}. */
    private static final String[][] CATALOG = {
        {"schema", "SELECT quote_ident(nspname), nspowner::regrole || ' ' || " + acl("nspacl", "'n'", "nspowner")
                + " FROM pg_namespace WHERE " + user("nspname")},
        {"relation", "SELECT c.oid::regclass::text, c.relkind::text || ' ' || c.relowner::regrole || ' '"
                + " || " + acl("c.relacl", "CASE c.relkind WHEN 'S' THEN 's'::\"char\" ELSE 'r' END", "c.relowner")
                + " || ' ' || coalesce(c.reloptions::text, '-') || ' rls '"
                + " || c.relrowsecurity || c.relforcerowsecurity || ' ' || c.relpersistence::text"
                + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE " + user("n.nspname")},
        {"column", "SELECT a.attrelid::regclass || '.' || quote_ident(a.attname), format_type(a.atttypid, a.atttypmod)"
                + " || ' ' || a.attnotnull || ' ' || a.attgenerated::text || a.attidentity::text || ' '"
                + " || coalesce(pg_get_expr(d.adbin, d.adrelid), '-') || ' ' || " + columnAcl("a.attacl")
                + " FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
                + " WHERE a.attnum > 0 AND NOT a.attisdropped AND " + user("n.nspname")},
        {"constraint", "SELECT con.conrelid::regclass || ' ' || quote_ident(con.conname), pg_get_constraintdef(con.oid)"
                + " FROM pg_constraint con JOIN pg_namespace n ON n.oid = con.connamespace WHERE " + user("n.nspname")},
        {"index", "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i"
                + " JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE " + user("n.nspname")},
        {"view", "SELECT c.oid::regclass::text, md5(pg_get_viewdef(c.oid)) FROM pg_class c"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('v', 'm') AND " + user("n.nspname")},
        {"trigger", "SELECT t.tgrelid::regclass || ' ' || quote_ident(t.tgname), t.tgenabled::text || ' '"
                + " || pg_get_triggerdef(t.oid) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE " + user("n.nspname")},
        {"rule", "SELECT r.ev_class::regclass || ' ' || quote_ident(r.rulename), pg_get_ruledef(r.oid)"
                + " FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE r.rulename <> '_RETURN' AND " + user("n.nspname")},
        {"policy", "SELECT p.polrelid::regclass || ' ' || quote_ident(p.polname), p.polcmd::text || ' ' || p.polpermissive"
                + " || ' ' || p.polroles::text || ' ' || coalesce(pg_get_expr(p.polqual, p.polrelid), '-') || ' '"
                + " || coalesce(pg_get_expr(p.polwithcheck, p.polrelid), '-') FROM pg_policy p"
                + " JOIN pg_class c ON c.oid = p.polrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE " + user("n.nspname")},
        {"function", "SELECT p.oid::regprocedure::text, p.proowner::regrole || ' ' || " + acl("p.proacl", "'f'", "p.proowner")
                + " || ' definer ' || p.prosecdef || ' ' || p.provolatile::text || ' ' || coalesce(p.proconfig::text, '-')"
                + " || ' ' || md5(coalesce(p.prosrc, '') || coalesce(p.probin, '')) FROM pg_proc p"
                + " JOIN pg_namespace n ON n.oid = p.pronamespace WHERE " + user("n.nspname")},
        {"type", "SELECT t.oid::regtype::text, t.typtype::text || ' ' || t.typowner::regrole || ' '"
                + " || " + acl("t.typacl", "'T'", "t.typowner") + " FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace"
                + " WHERE " + user("n.nspname")},
        {"operator", "SELECT o.oid::regoperator::text, o.oprowner::regrole || ' ' || o.oprcode::text FROM pg_operator o"
                + " JOIN pg_namespace n ON n.oid = o.oprnamespace WHERE " + user("n.nspname")},
        {"default-acl", "SELECT d.defaclrole::regrole || ' ' || d.defaclnamespace || ' ' || d.defaclobjtype::text,"
                + " d.defaclacl::text FROM pg_default_acl d"},
        {"database", "SELECT 'current', datdba::regrole || ' ' || coalesce(datacl::text, '-') || ' ' || datallowconn"
                + " || ' ' || datconnlimit FROM pg_database WHERE datname = current_database()"},
        {"database-setting", "SELECT coalesce(s.setrole::regrole::text, '*'), s.setconfig::text FROM pg_db_role_setting s"
                + " JOIN pg_database d ON d.oid = s.setdatabase WHERE d.datname = current_database()"},
        {"large-object", "SELECT m.oid::text, m.lomowner::regrole || ' ' || " + acl("m.lomacl", "'L'", "m.lomowner") + " || ' '"
                + " || coalesce((SELECT md5(string_agg(l.data, ''::bytea ORDER BY l.pageno)::text) FROM pg_largeobject l"
                + " WHERE l.loid = m.oid), 'empty') FROM pg_largeobject_metadata m"},
    };
}
