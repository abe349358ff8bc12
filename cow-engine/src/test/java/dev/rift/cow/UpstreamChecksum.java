package dev.rift.cow;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A fingerprint of everything a branch must never change upstream: the md5 of every user table's rows (ordered by
 * all columns, through their text form, so any type orders) and the position of every user sequence. rift's own
 * schemas ({@code rift}, {@code rift_l*}) are left out, since branches live there.
 */
public final class UpstreamChecksum {
    private static final String USER_SCHEMAS = "n.nspname NOT IN ('pg_catalog', 'information_schema')"
            + " AND n.nspname !~ '^pg_(toast|temp_|toast_temp_)' AND n.nspname !~ '^rift(_l[0-9]+(_.*)?)?$'";

    private UpstreamChecksum() {}

    /** Relation (schema-qualified, quoted) → md5 of its rows, or the sequence's {@code last_value/is_called}. */
    public static Map<String, String> of(Connection c) throws SQLException {
        Map<String, String> out = new TreeMap<>();
        for (String table : relations(c, "'r', 'p'")) {
            out.put(table, scalar(c, "SELECT md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), ''))"
                    + " || ':' || count(*) FROM " + table + " AS t"));
        }
        for (String sequence : relations(c, "'S'")) {
            out.put(sequence, scalar(c, "SELECT last_value || '/' || is_called FROM " + sequence));
        }
        return out;
    }

    private static List<String> relations(Connection c, String kinds) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname) FROM pg_class c"
                        + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN (" + kinds + ") AND "
                        + USER_SCHEMAS + " AND NOT c.relispartition ORDER BY 1")) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }

    private static String scalar(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
