package dev.rift.testsupport;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Objects read from the catalog as "kind name" → description, every kind in one round trip. */
public final class Described {
    private Described() {}

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

    static String quoteLiteral(String s) {
        return "'" + s.replace("'", "''") + "'";
    }
}
