package dev.rift.cli;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every user table's row count and checksum, and every sequence's position, as a session sees them: on a branch
 * (through the proxy, whose catalog shows the branch's own tables) or on a plain database.
 */
final class TableChecksums {
    private TableChecksums() {
    }

    /** Tables only: a merge into a branch leaves the target's sequences where they stand. */
    static Map<String, String> tablesOf(Connection c) throws SQLException {
        Map<String, String> sums = of(c);
        sums.keySet().removeIf(k -> sums.get(k).matches("-?[0-9]+:(true|false)"));
        return sums;
    }

    static Map<String, String> of(Connection c) throws SQLException {
        List<String> tables = new ArrayList<>();
        List<String> sequences = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT c.relkind, quote_ident(n.nspname) || '.' || quote_ident(c.relname) FROM pg_class c"
                        + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'S')"
                        + " AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'rift', 'rift_catalog',"
                        + " 'rift_information_schema') AND n.nspname NOT LIKE 'rift\\_%'"
                        + " AND n.nspname NOT LIKE 'pg\\_toast%'")) {
            while (rs.next()) {
                (rs.getString(1).equals("r") ? tables : sequences).add(rs.getString(2));
            }
        }
        Map<String, String> sums = new TreeMap<>();
        try (Statement st = c.createStatement()) {
            for (String t : tables) {
                try (ResultSet rs = st.executeQuery("SELECT count(*) || ':'"
                        + " || coalesce(md5(string_agg(x::text, '|' ORDER BY x::text)), '') FROM " + t + " x")) {
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
}
