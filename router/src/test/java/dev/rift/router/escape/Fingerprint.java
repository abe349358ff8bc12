package dev.rift.router.escape;

import dev.rift.testsupport.Described;
import dev.rift.testsupport.RoleAcl;
import dev.rift.testsupport.Roles;
import dev.rift.testsupport.UpstreamData;
import dev.rift.testsupport.UserRows;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Everything an attack must not change, read by a superuser straight from PostgreSQL: the upstream (rows, sequences,
 * catalog with grants, large objects, roles: {@link UpstreamData}), rift's own definitions, roles and grants, the victim
 * branch (its layer schemas' rows and objects, rift's records of its layer), and the cluster's settings.
 */
record Fingerprint(Map<String, String> entries) {
    static final String VICTIM_ROWS = "victim rows ";

    /** The victim's layer schemas (rift_l<n>, rift_l<n>_*, rift_o<n>_*, rift_v<n>_*), as a condition on {@code n.nspname}. */
    static String victimSchemas(long victimLayer) {
        return "n.nspname ~ '^rift_[lov]" + victimLayer + "(_|$)'";
    }

    static Fingerprint of(Connection c, long victimLayer) throws SQLException {
        Map<String, String> e = new TreeMap<>(UpstreamData.of(c));
        UserRows.ofSchemas(c, "^rift_[lov]" + victimLayer + "(_|$)").forEach((k, v) -> e.put(VICTIM_ROWS + k, v));
        String victim = victimSchemas(victimLayer);
        List<String[]> parts = new ArrayList<>();
        Map<String, String> scopes = Map.of("rift ", "n.nspname IN ('rift', 'rift_catalog', 'rift_information_schema')",
                "victim ", victim);
        for (Map.Entry<String, String> s : scopes.entrySet()) {
            String scope = s.getKey();
            String schemas = s.getValue();
            parts.add(new String[] {scope + "schema", "SELECT n.nspname, n.nspowner::regrole || ' '"
                    + " || " + RoleAcl.acl("n.nspacl", "'n'", "n.nspowner") + " FROM pg_namespace n WHERE "
                    + schemas});
            parts.add(new String[] {scope + "relation", "SELECT c.oid::regclass::text, c.relkind::text || ' '"
                    + " || c.relowner::regrole || ' ' || " + RoleAcl.acl("c.relacl",
                    "CASE c.relkind WHEN 'S' THEN 's'::\"char\" ELSE 'r' END", "c.relowner") + " || ' ' || c.relrowsecurity"
                    + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE " + schemas});
            parts.add(new String[] {scope + "function", "SELECT p.oid::regprocedure::text, p.proowner::regrole"
                    + " || ' ' || " + RoleAcl.acl("p.proacl", "'f'", "p.proowner") + " || ' definer ' || p.prosecdef || ' '"
                    + " || coalesce(p.proconfig::text, '-') || ' ' || md5(coalesce(p.prosrc, '')) FROM pg_proc p"
                    + " JOIN pg_namespace n ON n.oid = p.pronamespace WHERE " + schemas});
            parts.add(new String[] {scope + "type", "SELECT t.oid::regtype::text, t.typowner::regrole || ' '"
                    + " || " + RoleAcl.acl("t.typacl", "'T'", "t.typowner")
                    + " FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace"
                    + " WHERE " + schemas});
            parts.add(new String[] {scope + "operator", "SELECT o.oid::regoperator::text, o.oprcode::text"
                    + " FROM pg_operator o JOIN pg_namespace n ON n.oid = o.oprnamespace WHERE " + schemas});
            parts.add(new String[] {scope + "trigger", "SELECT t.tgrelid::regclass || ' ' || t.tgname,"
                    + " t.tgenabled::text || ' ' || t.tgfoid::regprocedure FROM pg_trigger t JOIN pg_class c"
                    + " ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE " + schemas});
        }
        for (String table : List.of("layer_tables", "layer_sequences", "layer_schemas", "layer_hidden", "layer_ddl")) {
            // An attack may have dropped the table (rift.drop_layer_table runs DROP TABLE as rift's owner).
            parts.add(new String[] {"victim rift." + table, "SELECT '', CASE WHEN to_regclass('rift." + table
                    + "') IS NULL THEN 'dropped' ELSE (xpath('//s/text()', query_to_xml('SELECT md5(string_agg(x::text, ''|''"
                    + " ORDER BY x::text)) AS s FROM rift." + table + " x WHERE layer_id = " + victimLayer + "', false,"
                    + " false, '')))[1]::text END"});
        }
        parts.add(new String[] {"victim rift.layers", "SELECT id, below || ' ' || frozen FROM rift.layers"
                + " WHERE id = " + victimLayer});
        parts.add(new String[] {"victim rift.branches", "SELECT name, coalesce(parent, '-') || ' ' || mode"
                + " || ' ' || top_layer || ' ' || coalesce(base_layer::text, '-') FROM rift.branches"
                + " WHERE name = '" + EscapeWorld.VICTIM + "'"});
        parts.addAll(Roles.rift());
        parts.add(new String[] {"role-setting", "SELECT setdatabase || ' ' || setrole, setconfig::text"
                + " FROM pg_db_role_setting"});
        parts.add(new String[] {"server-setting", "SELECT name, setting FROM pg_file_settings"
                + " WHERE sourcefile LIKE '%postgresql.auto.conf'"});
        Described.describeAll(c, parts, e);
        return new Fingerprint(e);
    }

    /** What differs from {@code after}, one line per entry; empty when nothing does. */
    List<String> differences(Fingerprint after) {
        List<String> out = new ArrayList<>();
        for (String k : changedKeys(after)) {
            String a = entries.get(k);
            String b = after.entries.get(k);
            out.add(k + ": " + (a == null ? "(absent)" : a) + " -> " + (b == null ? "(absent)" : b));
        }
        return out;
    }

    /** The entries {@code after} has differently (or only one of the two has). */
    Set<String> changedKeys(Fingerprint after) {
        Set<String> keys = new TreeSet<>(entries.keySet());
        keys.addAll(after.entries.keySet());
        keys.removeIf(k -> Objects.equals(entries.get(k), after.entries.get(k)));
        return keys;
    }
}
