package dev.rift.router.differential;

import dev.rift.router.ProxyConfig;
import dev.rift.router.RiftServer;
import dev.rift.storage.UpstreamUrl;
import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import dev.rift.testsupport.UpstreamData;
import dev.rift.testsupport.UserRows;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.postgresql.util.PSQLException;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What rift cannot prove it runs as a full copy would, it refuses: SQLSTATE 0A000 (feature_not_supported) with a
 * message naming the construct, nothing run, the session still usable, and inside a transaction the refusal aborts
 * it like any error (the next statement gets 25P02 until ROLLBACK). These statements are not in the differential
 * scenario files, since a refusal is not what PostgreSQL does.
 */
@ExtendWith(UpstreamExtension.class)
class RefusalsTest {
    private static final String BRANCH = "refusals";

    private static TestUpstream pg;
    private static String upstreamDb;
    private static RiftServer rift;
    private static Map<String, String> upstreamBefore;

    enum Protocol { SIMPLE, EXTENDED }

    @BeforeAll
    static void start(TestUpstream upstream) throws Exception {
        pg = upstream;
        upstreamDb = FixtureDatabase.create(pg,
                "CREATE VIEW gold_customers AS SELECT id, email, name FROM customers WHERE tier = 'gold'");
        try (Connection c = pg.connect(upstreamDb)) {
            upstreamBefore = UpstreamData.of(c);
        }
        rift = RiftServer.start(ProxyConfig.of("127.0.0.1", 0, UpstreamUrl.parse(pg.url(upstreamDb))));
        rift.engine().install();
        rift.engine().createBranch(BRANCH, null);
        // Most refusals concern tables the branch changed: change every table the cases name.
        try (Connection c = connect(Protocol.SIMPLE); Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE customers SET tier = 'gold' WHERE id = 1");
            st.executeUpdate("UPDATE orders SET status = 'paid' WHERE id = 1");
            st.executeUpdate("UPDATE products SET stock = 1 WHERE id = 1");
            st.executeUpdate("UPDATE settings SET value = 'branch' WHERE key = 'theme'");
            st.executeUpdate("UPDATE events SET kind = 'branch' WHERE kind = 'buy'");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (rift != null) {
                rift.close();
            }
            try (Connection c = pg.connect(upstreamDb)) {
                assertEquals(upstreamBefore, UpstreamData.of(c), "the upstream's user data changed");
            }
        } finally {
            pg.dropDatabase(upstreamDb);
        }
    }

    /** (what the message must name, the statement). */
    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of("DROP SCHEMA of the upstream schema public", "DROP SCHEMA public CASCADE"),
                Arguments.of("GRANT on the upstream table settings", "GRANT SELECT ON settings TO PUBLIC"),
                Arguments.of("ALTER TYPE", "ALTER TYPE some_type RENAME TO other_type"),
                Arguments.of("MERGE", "MERGE INTO settings s USING (VALUES ('currency', 'm')) AS v(k, val) "
                        + "ON s.key = v.k WHEN MATCHED THEN UPDATE SET value = v.val"),
                Arguments.of("TABLE on view public.gold_customers", "TABLE gold_customers"),
                Arguments.of("system column ctid", "DELETE FROM events WHERE ctid = (SELECT min(ctid) FROM events"
                        + " WHERE kind = 'branch')"),
                Arguments.of("system column xmin", "SELECT xmin, key FROM settings"),
                // A merged relation's ctid means nothing: the ctid idioms stay refused, on tables with a key too.
                Arguments.of("system column ctid", "SELECT ctid, key FROM settings"),
                Arguments.of("system column ctid", "DELETE FROM orders WHERE ctid = (SELECT ctid FROM orders "
                        + "WHERE status = 'paid' LIMIT 1)"),
                Arguments.of("system column ctid", "UPDATE settings SET value = 'x' WHERE ctid IN (SELECT ctid "
                        + "FROM settings WHERE key = 'theme')"),
                Arguments.of("INSERT on view public.gold_customers",
                        "INSERT INTO gold_customers (email, name) VALUES ('v@example.com', 'V')"),
                Arguments.of("SELECT INTO", "SELECT * INTO settings_copy FROM settings"),
                Arguments.of("PREPARE", "PREPARE p AS SELECT value FROM settings"),
                Arguments.of("EXECUTE", "EXECUTE p((SELECT count(*) FROM settings))"),
                Arguments.of("WHERE CURRENT OF", "UPDATE settings SET value = 'x' WHERE CURRENT OF c"),
                Arguments.of("writing large objects", "SELECT lo_from_bytea(0, 'x')"),
                Arguments.of("writing large objects", "SELECT lo_unlink(lo_create(0))"),
                Arguments.of("COPY FROM a file", "COPY settings FROM '/tmp/settings.csv'"),
                Arguments.of("LOCK TABLE on view", "LOCK TABLE gold_customers IN SHARE MODE"),
                Arguments.of("TRUNCATE ... CASCADE", "TRUNCATE orders CASCADE"),
                Arguments.of("TRUNCATE ... RESTART IDENTITY", "TRUNCATE settings RESTART IDENTITY"),
                Arguments.of("FOR UPDATE/SHARE", "SELECT o.id FROM orders o JOIN customers c ON c.id = o.customer_id "
                        + "WHERE o.id < 3 FOR UPDATE"),
                Arguments.of("FOR UPDATE/SHARE", "SELECT kind, count(*) FROM (SELECT kind FROM events FOR UPDATE) x "
                        + "GROUP BY kind"),
                Arguments.of("FOR UPDATE/SHARE", "SELECT r.id FROM reviews r JOIN sessions s ON true FOR SHARE OF r"),
                Arguments.of("FOR UPDATE/SHARE", "SELECT id FROM gold_customers FOR UPDATE"),
                // INSERT ... SELECT ... ON CONFLICT runs (statement_forms.sql), unless its source is volatile.
                Arguments.of("INSERT whose source query calls random()",
                        "INSERT INTO settings SELECT key || random(), value FROM settings ON CONFLICT DO NOTHING"),
                Arguments.of("INSERT whose source query calls nextval()", "INSERT INTO customers (id, email, name) "
                        + "SELECT nextval('customers_id_seq'), 'n@example.com', 'N' ON CONFLICT (id) DO NOTHING"),
                Arguments.of("calls random()", "DELETE FROM settings WHERE random() < 0.5"),
                Arguments.of("calls random()", "UPDATE products SET stock = 0 WHERE id < random() * 10"),
                Arguments.of("nextval() with a sequence name that is not a string literal",
                        "SELECT nextval(pg_get_serial_sequence('customers', 'id'))"),
                // SET (a, b) = (SELECT ...) and SET tags[1] = ... run (statement_forms.sql); inside a list they do not.
                Arguments.of("array elements or fields of composite columns inside a multiple-column assignment",
                        "UPDATE products SET (tags[1], stock) = (SELECT 'x', 1) WHERE id = 1"),
                Arguments.of("INSERT into array elements", "INSERT INTO products (sku, title, price, tags[1]) "
                        + "VALUES ('SKU-0001', 'x', 1, 'x') ON CONFLICT DO NOTHING"),
                Arguments.of("TABLESAMPLE", "SELECT count(*) FROM orders TABLESAMPLE SYSTEM (50)"),
                Arguments.of("EXPLAIN ANALYZE", "EXPLAIN ANALYZE UPDATE settings SET value = 'x'"),
                // Valid PostgreSQL that rift's parser cannot read: a write it cannot route must not reach the upstream.
                Arguments.of("rift cannot parse this statement",
                        "UPDATE settings SET value = 'x' WHERE value IS NORMALIZED"),
                Arguments.of("rift cannot parse this statement", "SELECT key FROM settings WHERE value ^@ 'br'"));
    }

    @ParameterizedTest(name = "{1} [{2}]")
    @MethodSource("cases")
    void aRefusalIs0A000NamesTheConstructRunsNothingAndLeavesTheSessionUsable(String construct, String sql,
                                                                              Protocol protocol) throws Exception {
        try (Connection c = connect(protocol); Statement st = c.createStatement()) {
            Map<String, String> branchBefore = UserRows.of(c);
            SQLException e = assertThrows(SQLException.class, () -> st.execute(sql));
            assertEquals("0A000", e.getSQLState(), e::getMessage);
            String message = ((PSQLException) e).getServerErrorMessage().getMessage();
            assertTrue(message.contains(construct), () -> "\"" + message + "\" does not name " + construct);
            assertEquals(1, selectOne(st), "the session is usable after the refusal");
            assertEquals(branchBefore, UserRows.of(c), "the refused statement changed the branch");
        }
    }

    @ParameterizedTest(name = "{1} [{2}]")
    @MethodSource("cases")
    void aRefusalInsideATransactionAbortsItLikeAnyError(String construct, String sql, Protocol protocol)
            throws Exception {
        try (Connection c = connect(protocol); Statement st = c.createStatement()) {
            String before = themeValue(st);
            st.execute("BEGIN");
            st.executeUpdate("UPDATE settings SET value = 'in the aborted transaction' WHERE key = 'theme'");
            SQLException refused = assertThrows(SQLException.class, () -> st.execute(sql));
            assertEquals("0A000", refused.getSQLState(), refused::getMessage);
            SQLException next = assertThrows(SQLException.class, () -> selectOne(st));
            assertEquals("25P02", next.getSQLState(), "in_failed_sql_transaction after the refusal");
            st.execute("ROLLBACK");
            assertEquals(before, themeValue(st), "the transaction's earlier write was rolled back");
            assertEquals(1, selectOne(st));
        }
    }

    static Stream<Arguments> cases() {
        return refusals().flatMap(a -> Stream.of(Protocol.values())
                .map(p -> Arguments.of(a.get()[0], a.get()[1], p)));
    }

    private static int selectOne(Statement st) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT 1")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static String themeValue(Statement st) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT value FROM settings WHERE key = 'theme'")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static Connection connect(Protocol protocol) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", pg.user());
        p.setProperty("password", pg.password());
        p.setProperty("preferQueryMode", protocol == Protocol.SIMPLE ? "simple" : "extended");
        p.setProperty("socketTimeout", "60");
        return LeakTap.connect("127.0.0.1", rift.port(), BRANCH, p);
    }
}
