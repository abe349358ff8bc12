package dev.rift.testsupport;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static dev.rift.testsupport.RoleAcl.acl;
import static dev.rift.testsupport.RoleAcl.columnAcl;

/**
 * The upstream's user data, the one thing every suite checks a branch never changes: {@link UserRows} and, one entry
 * per object, the catalog of the user schemas ({@link UserSchemas}: schemas, relations, columns, constraints, indexes,
 * sequences' definitions, enum labels, triggers, rules, policies, functions, types, operators, views) with owners and
 * ACLs (relacl, attacl, proacl, nspacl, typacl), default privileges, the database's ACL and settings, every large object
 * (owner, ACL, an md5 of its data) and the cluster's roles and memberships but rift's ({@link Roles}). Read on a
 * direct superuser connection (pg_authid, pg_largeobject), not through rift.
 */
public final class UpstreamData {
    private UpstreamData() {}

    public static Map<String, String> of(Connection c) throws SQLException {
        Map<String, String> sums = new TreeMap<>(UserRows.of(c));
        List<String[]> parts = new ArrayList<>(Arrays.asList(CATALOG));
        parts.addAll(Roles.user());
        Described.describeAll(c, parts, sums);
        return sums;
    }

    private static String user(String column) {
        return UserSchemas.condition(column);
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
        {"sequence", "SELECT s.seqrelid::regclass::text, s.seqtypid::regtype || ' ' || s.seqstart || ' ' || s.seqincrement"
                + " || ' ' || s.seqmin || ' ' || s.seqmax || ' ' || s.seqcache || ' ' || s.seqcycle FROM pg_sequence s"
                + " JOIN pg_class c ON c.oid = s.seqrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE " + user("n.nspname")},
        {"enum", "SELECT e.enumtypid::regtype::text, string_agg(e.enumlabel::text, ',' ORDER BY e.enumsortorder)"
                + " FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid JOIN pg_namespace n ON n.oid = t.typnamespace"
                + " WHERE " + user("n.nspname") + " GROUP BY e.enumtypid"},
        {"view", "SELECT c.oid::regclass::text, md5(pg_get_viewdef(c.oid)) FROM pg_class c"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('v', 'm') AND " + user("n.nspname")},
        {"trigger", "SELECT t.tgrelid::regclass || ' ' || quote_ident(t.tgname), t.tgenabled::text || ' '"
                + " || pg_get_triggerdef(t.oid) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE " + user("n.nspname")
                // rift init adds its guard (docs/security.md): rift's machinery, not the upstream's user data.
                + " AND t.tgname <> 'rift_guard'"},
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
