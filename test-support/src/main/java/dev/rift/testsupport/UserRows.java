package dev.rift.testsupport;

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
 * The rows of every table in the user's schemas ({@link UserSchemas}) and the position of every sequence, keyed by
 * {@code schema.name} as quote_ident prints them: a table's {@code count:md5} of its rows ordered by their text form
 * (so any type orders; every partition on its own, so a row that moved partition counts), a sequence's
 * {@code last_value:is_called}. Read as a session sees them: on a branch (through the proxy, whose catalog shows the
 * branch's own tables) or on a plain database.
 */
public final class UserRows {
    private UserRows() {}

    public static Map<String, String> of(Connection c) throws SQLException {
        return of(c, Set.of());
    }

    /** Without the tables named in {@code excluded} ({@code schema.table}, as quote_ident prints them). */
    public static Map<String, String> of(Connection c, Set<String> excluded) throws SQLException {
        return read(c, UserSchemas.condition("n.nspname"), "'r', 'S'", excluded);
    }

    /** Tables only: a merge into a branch leaves the target's sequences where they stand. */
    public static Map<String, String> tablesOf(Connection c) throws SQLException {
        return read(c, UserSchemas.condition("n.nspname"), "'r'", Set.of());
    }

    /** The rows of the tables and the positions of the sequences in the schemas whose name matches {@code regex}. */
    public static Map<String, String> ofSchemas(Connection c, String regex) throws SQLException {
        return read(c, "n.nspname ~ " + Described.quoteLiteral(regex), "'r', 'S'", Set.of());
    }

    /**
     * One query per table and sequence, each naming it in its own text: through a branch, rift rewrites those names
     * to the branch's relations (a query_to_xml would read the upstream's behind rift's back).
     */
    private static Map<String, String> read(Connection c, String schemaCondition, String relkinds, Set<String> excluded)
            throws SQLException {
        List<String> tables = new ArrayList<>();
        List<String> sequences = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT c.relkind, quote_ident(n.nspname) || '.' || quote_ident(c.relname) FROM pg_class c"
                        + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN (" + relkinds + ")"
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
                sums.put(t, scalar(st, "SELECT count(*) || ':' || coalesce(md5(string_agg(x::text, '|' ORDER BY x::text)), '')"
                        + " FROM " + t + " x"));
            }
            for (String s : sequences) {
                sums.put(s, scalar(st, "SELECT last_value || ':' || is_called FROM " + s));
            }
        }
        return sums;
    }

    private static String scalar(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
