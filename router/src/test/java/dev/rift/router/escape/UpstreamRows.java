package dev.rift.router.escape;

import dev.rift.testsupport.UserRows;
import dev.rift.testsupport.UserSchemas;
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

/**
 * The rows of some schemas' tables and the positions of their sequences as the template has them (the upstream's, the
 * victim branch's layer): most attacks that get through only write rows (a function's INSERT, a nextval, a row planted
 * in a branch's delta), and putting those back takes milliseconds where copying the whole world again takes seconds.
 * Keys are the ones {@link Fingerprint} uses.
 */
final class UpstreamRows {
    /** The upstream's own schemas, as {@link UserRows} reads them. */
    static final String USER_SCHEMAS = UserSchemas.condition("n.nspname");

    private final String keyPrefix;
    private final Map<String, String> tables;
    private final Map<String, String> sequences;

    private UpstreamRows(String keyPrefix, Map<String, String> tables, Map<String, String> sequences) {
        this.keyPrefix = keyPrefix;
        this.tables = tables;
        this.sequences = sequences;
    }

    /**
     * The tables and sequences of the schemas {@code schemaCondition} selects (on {@code n.nspname}), under the keys
     * {@code keyPrefix} + {@code schema.name}.
     */
    static UpstreamRows capture(Connection c, String schemaCondition, String keyPrefix) throws SQLException, IOException {
        Map<String, String> tables = new LinkedHashMap<>();
        Map<String, String> sequences = new LinkedHashMap<>();
        CopyManager copy = new CopyManager(c.unwrap(BaseConnection.class));
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT c.relkind, quote_ident(n.nspname)"
                + " || '.' || quote_ident(c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE c.relkind IN ('r', 'S') AND " + schemaCondition)) {
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
        return new UpstreamRows(keyPrefix, tables, sequences);
    }

    /** Whether every changed entry is a table's rows or a sequence's position that this can put back. */
    boolean covers(String changedKey) {
        return changedKey.startsWith(keyPrefix) && (tables.containsKey(changedKey.substring(keyPrefix.length()))
                || sequences.containsKey(changedKey.substring(keyPrefix.length())));
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
