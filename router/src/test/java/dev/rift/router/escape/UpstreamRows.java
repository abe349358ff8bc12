package dev.rift.router.escape;

import org.postgresql.copy.CopyManager;
import org.postgresql.core.BaseConnection;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The rows of the upstream's user tables and the positions of its sequences as the template has them: most attacks
 * that get through only write rows (a function's INSERT, a nextval), and putting those back takes milliseconds where
 * copying the whole world again takes seconds. Keys are the ones {@code UpstreamChecksum.of} uses.
 */
final class UpstreamRows {
    private static final String USER_RELATIONS = "SELECT c.relkind, quote_ident(n.nspname) || '.' || quote_ident(c.relname)"
            + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'S')"
            + " AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'rift')"
            + " AND n.nspname NOT LIKE 'rift\\_%' AND n.nspname NOT LIKE 'pg\\_%'";

    private final Map<String, String> tables;
    private final Map<String, String> sequences;

    private UpstreamRows(Map<String, String> tables, Map<String, String> sequences) {
        this.tables = tables;
        this.sequences = sequences;
    }

    static UpstreamRows capture(Connection c) throws SQLException, IOException {
        Map<String, String> tables = new LinkedHashMap<>();
        Map<String, String> sequences = new LinkedHashMap<>();
        CopyManager copy = new CopyManager(c.unwrap(BaseConnection.class));
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(USER_RELATIONS)) {
            while (rs.next()) {
                String name = rs.getString(2);
                if (rs.getString(1).equals("r")) {
                    StringWriter rows = new StringWriter();
                    copy.copyOut("COPY " + name + " TO STDOUT", rows);
                    tables.put(name, rows.toString());
                } else {
                    sequences.put(name, null);
                }
            }
        }
        try (Statement st = c.createStatement()) {
            for (String s : sequences.keySet()) {
                try (ResultSet rs = st.executeQuery("SELECT last_value, is_called FROM " + s)) {
                    rs.next();
                    sequences.put(s, rs.getLong(1) + ", " + rs.getBoolean(2));
                }
            }
        }
        return new UpstreamRows(tables, sequences);
    }

    /** Whether every changed entry is a table's rows or a sequence's position that this can put back. */
    boolean covers(Set<String> changedKeys) {
        return changedKeys.stream().allMatch(k -> tables.containsKey(k) || sequences.containsKey(k));
    }

    /** Every table's rows and every sequence's position as captured, in one transaction, without firing triggers. */
    void restore(Connection c) throws SQLException, IOException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            st.execute("SET LOCAL session_replication_role = replica");
            st.execute("TRUNCATE " + String.join(", ", tables.keySet()));
            CopyManager copy = new CopyManager(c.unwrap(BaseConnection.class));
            for (Map.Entry<String, String> t : tables.entrySet()) {
                copy.copyIn("COPY " + t.getKey() + " FROM STDIN", new StringReader(t.getValue()));
            }
            for (Map.Entry<String, String> s : sequences.entrySet()) {
                st.execute("SELECT setval('" + s.getKey().replace("'", "''") + "', " + s.getValue() + ")");
            }
            c.commit();
        } catch (SQLException | IOException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }
}
