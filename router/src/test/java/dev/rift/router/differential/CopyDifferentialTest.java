package dev.rift.router.differential;

import dev.rift.router.ProxyConfig;
import dev.rift.router.RiftServer;
import dev.rift.storage.UpstreamUrl;
import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import dev.rift.testsupport.UpstreamData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.PGConnection;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * COPY on a branch behaves as on a full copy (PostgreSQL is the oracle): COPY FROM STDIN of 10,000 generated rows,
 * in text and csv, into tables with and without a primary key loads the same rows, and one bad row fails the load
 * with the same SQLSTATE on both sides and loads nothing; COPY TO STDOUT of changed tables and of queries joining
 * them writes the same bytes.
 */
@ExtendWith(UpstreamExtension.class)
class CopyDifferentialTest {
    private static final int ROWS = 10_000;
    /** Where a bad row goes in an otherwise good load: past the first rows, so they have been processed already. */
    private static final int BAD_ROW = 5_000;

    private static TestUpstream pg;
    private static String upstreamDb;
    private static String pristine;
    private static RiftServer rift;
    private static Map<String, String> checksumBefore;
    private static final AtomicInteger counter = new AtomicInteger();

    enum Format {
        TEXT("text"), CSV("csv");

        final String sql;

        Format(String sql) {
            this.sql = sql;
        }

        /** One row in this format; null is SQL NULL. */
        String row(String... values) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < values.length; i++) {
                if (i > 0) {
                    b.append(this == TEXT ? '\t' : ',');
                }
                b.append(this == TEXT ? text(values[i]) : csv(values[i]));
            }
            return b.append('\n').toString();
        }

        private static String text(String v) {
            if (v == null) {
                return "\\N";
            }
            return v.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
        }

        private static String csv(String v) {
            if (v == null) {
                return "";
            }
            boolean quote = v.isEmpty() || v.chars().anyMatch(c -> c == ',' || c == '"' || c == '\n' || c == '\r');
            return quote ? '"' + v.replace("\"", "\"\"") + '"' : v;
        }
    }

    @BeforeAll
    static void start(TestUpstream upstream) throws Exception {
        pg = upstream;
        upstreamDb = FixtureDatabase.create(pg);
        pristine = pg.copyDatabase(upstreamDb);
        try (Connection c = pg.connect(upstreamDb)) {
            checksumBefore = UpstreamData.of(c);
        }
        rift = RiftServer.start(ProxyConfig.of("127.0.0.1", 0, UpstreamUrl.parse(pg.url(upstreamDb))));
        rift.engine().install();
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (rift != null) {
                rift.close();
            }
            try (Connection c = pg.connect(upstreamDb)) {
                assertEquals(checksumBefore, UpstreamData.of(c), "the upstream's user data changed");
            }
        } finally {
            pg.dropDatabase(pristine);
            pg.dropDatabase(upstreamDb);
        }
    }

    // ---------------------------------------------------------------- COPY FROM STDIN

    @ParameterizedTest
    @EnumSource(Format.class)
    void copyInOfTenThousandRowsIntoATableWithAPrimaryKeyLoadsWhatAFullCopyLoads(Format format) throws Exception {
        String copy = "COPY customers (email, name, tier) FROM STDIN (FORMAT " + format.sql + ")";
        try (Twin t = Twin.open()) {
            t.sameCount(copy, rows(format, i -> customer(format, i)));
            t.sameBytes("COPY (SELECT * FROM customers ORDER BY id) TO STDOUT");
            t.sameBytes("COPY (SELECT last_value, is_called FROM customers_id_seq) TO STDOUT");
        }
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void copyInOfTenThousandRowsIntoATableWithoutPrimaryKeyLoadsWhatAFullCopyLoads(Format format) throws Exception {
        String copy = "COPY events (at, kind, payload) FROM STDIN (FORMAT " + format.sql + ")";
        try (Twin t = Twin.open()) {
            t.sameCount(copy, rows(format, i -> event(format, i)));
            t.sameBytes("COPY (SELECT * FROM events ORDER BY at, kind, payload::text) TO STDOUT");
        }
    }

    @Test
    void copyInOfCsvWithAHeaderIntoATableWithACompositeKeyAndForeignKeysLoadsWhatAFullCopyLoads() throws Exception {
        String copy = "COPY order_items (order_id, line, product_id, qty) FROM STDIN (FORMAT csv, HEADER)";
        try (Twin t = Twin.open()) {
            t.sameCount(copy, "order_id,line,product_id,qty\n" + rows(Format.CSV, i -> orderItem(i, 1 + i % 100)));
            t.sameBytes("COPY (SELECT * FROM order_items ORDER BY order_id, line) TO STDOUT");
        }
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void aRowDuplicatingAnUpstreamKeyFailsTheLoadWithTheSameSqlstateAndLoadsNothing(Format format) throws Exception {
        String data = rows(format, i -> i == BAD_ROW
                ? format.row("c5@example.com", "Duplicate", "basic") : customer(format, i));
        assertNothingLoadedAndSameError("23505", "customers ORDER BY id",
                "COPY customers (email, name, tier) FROM STDIN (FORMAT " + format.sql + ")", data);
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void aRowViolatingACheckFailsTheLoadWithTheSameSqlstateAndLoadsNothing(Format format) throws Exception {
        String data = rows(format, i -> i == BAD_ROW ? format.row("bad@example.com", "Bad", "diamond")
                : customer(format, i));
        assertNothingLoadedAndSameError("23514", "customers ORDER BY id",
                "COPY customers (email, name, tier) FROM STDIN (FORMAT " + format.sql + ")", data);
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void aNullInANotNullColumnOfATableWithoutPrimaryKeyFailsTheLoadAndLoadsNothing(Format format) throws Exception {
        String data = rows(format, i -> i == BAD_ROW ? format.row("2024-06-01 00:00:00+00", null, null)
                : event(format, i));
        assertNothingLoadedAndSameError("23502", "events ORDER BY at, kind, payload::text",
                "COPY events (at, kind, payload) FROM STDIN (FORMAT " + format.sql + ")", data);
    }

    @Test
    void aRowReferencingAMissingProductFailsTheLoadAndLoadsNothing() throws Exception {
        String data = rows(Format.CSV, i -> orderItem(i, i == BAD_ROW ? 99_999 : 1 + i % 100));
        assertNothingLoadedAndSameError("23503", "order_items ORDER BY order_id, line",
                "COPY order_items (order_id, line, product_id, qty) FROM STDIN (FORMAT csv)", data);
    }

    private static void assertNothingLoadedAndSameError(String sqlState, String tableOrdered, String copy, String data)
            throws Exception {
        try (Twin t = Twin.open()) {
            String dump = "COPY (SELECT * FROM " + tableOrdered + ") TO STDOUT";
            byte[] before = t.sameBytes(dump);
            assertEquals(sqlState, t.sameError(copy, data));
            byte[] after = t.sameBytes(dump);
            assertTrue(Arrays.equals(before, after), () -> "rows were loaded: " + firstDifference(before, after));
        }
    }

    // ---------------------------------------------------------------- COPY TO STDOUT

    @Test
    void copyOutOfChangedTablesWritesTheRowsAFullCopyWrites() throws Exception {
        try (Twin t = Twin.open()) {
            t.both(List.of(
                    "UPDATE customers SET name = 'Tab\tand \\ backslash', tier = 'gold' WHERE id % 7 = 0",
                    "INSERT INTO customers (email, name) VALUES ('out@example.com', 'Out')",
                    "DELETE FROM order_items WHERE order_id IN (SELECT id FROM orders WHERE status = 'cancelled')",
                    "DELETE FROM orders WHERE status = 'cancelled'",
                    "UPDATE orders SET note = 'changed, \"quoted\"' WHERE id % 9 = 0",
                    "UPDATE events SET kind = 'changed' WHERE kind = 'view'",
                    "INSERT INTO events (at, kind) VALUES ('2025-01-01 00:00:00+00', 'new')"));
            // A table's COPY TO has no order PostgreSQL promises (a full copy writes heap order, a branch its layer's
            // rows first): the rows must be the same, in any order.
            t.sameLines("COPY customers TO STDOUT", false);
            t.sameLines("COPY customers (email, id) TO STDOUT", false);
            t.sameLines("COPY orders TO STDOUT (FORMAT csv, HEADER)", true);
            t.sameLines("COPY public.events TO STDOUT", false);
            t.sameLines("COPY settings TO STDOUT", false);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"text", "csv", "binary"})
    void copyOutOfAQueryJoiningChangedTablesWritesTheSameBytes(String format) throws Exception {
        try (Twin t = Twin.open()) {
            t.both(List.of(
                    "UPDATE customers SET tier = 'platinum', name = 'Renamed ' || id WHERE id % 5 = 0",
                    "UPDATE orders SET status = 'paid', note = E'line\\nbreak' WHERE id % 3 = 0",
                    "INSERT INTO orders (customer_id, status) VALUES (5, 'fresh'), (10, 'fresh')",
                    "DELETE FROM order_items WHERE order_id % 11 = 0",
                    "UPDATE order_items SET qty = qty + 10 WHERE line = 2"));
            byte[] out = t.sameBytes("COPY (SELECT c.id, c.name, c.tier, o.id, o.status, o.note, "
                    + "count(i.line), sum(i.qty) FROM customers c JOIN orders o ON o.customer_id = c.id "
                    + "LEFT JOIN order_items i ON i.order_id = o.id GROUP BY c.id, c.name, c.tier, o.id, o.status, o.note "
                    + "ORDER BY o.id) "
                    + "TO STDOUT (FORMAT " + format + ")");
            assertNotEquals(0, out.length);
        }
    }

    // ---------------------------------------------------------------- data

    private static String rows(Format format, IntFunction<String> row) {
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= ROWS; i++) {
            b.append(row.apply(i));
        }
        return b.toString();
    }

    /** A new customer; some names hold what each format must escape or quote. */
    private static String customer(Format format, int i) {
        String name = switch (i % 6) {
            case 0 -> "Tab\there";
            case 1 -> "new\nline";
            case 2 -> "back\\slash, comma";
            case 3 -> "\"quoted\" ünïcødé ✓";
            default -> "Copied " + i;
        };
        return format.row("copy-" + i + "@example.com", name, List.of("basic", "gold", "platinum").get(i % 3));
    }

    private static String event(Format format, int i) {
        String at = Instant.parse("2024-06-01T00:00:00Z").plusSeconds(i).toString();
        String payload = i % 4 == 0 ? null : "{\"n\": " + i + ", \"s\": \"a, \\\"b\\\"\"}";
        return format.row(at, i % 3 == 0 ? "copied" : "imported", payload);
    }

    /** An order item for orders 1..500, on lines beyond the fixture's three. */
    private static String orderItem(int i, int product) {
        return Format.CSV.row(String.valueOf(1 + (i - 1) % 500), String.valueOf(4 + (i - 1) / 500),
                String.valueOf(product), String.valueOf(1 + i % 4));
    }

    // ---------------------------------------------------------------- the two sides

    /** A fresh branch through rift and a fresh full copy, one connection to each. */
    private record Twin(String branch, String copy, Connection onBranch, Connection onCopy) implements AutoCloseable {
        static Twin open() throws SQLException {
            String branch = "copy" + counter.incrementAndGet();
            rift.engine().createBranch(branch, null);
            String copy = pg.copyDatabase(pristine);
            return new Twin(branch, copy, tapped(branch), connect(pg.host(), pg.port(), copy));
        }

        void both(List<String> statements) throws SQLException {
            for (Connection c : List.of(onCopy, onBranch)) {
                try (Statement st = c.createStatement()) {
                    for (String sql : statements) {
                        st.execute(sql);
                    }
                }
            }
        }

        /** COPY FROM STDIN on both sides: the same row count. */
        void sameCount(String copy, String data) throws Exception {
            long expected = copyIn(onCopy, copy, data);
            assertEquals(ROWS, expected, "rows PostgreSQL loaded");
            assertEquals(expected, copyIn(onBranch, copy, data), "rows the branch loaded: " + copy);
        }

        /** COPY FROM STDIN fails on both sides alike; returns the SQLSTATE. Both sessions stay usable. */
        String sameError(String copy, String data) throws Exception {
            SQLException expected = assertThrows(SQLException.class, () -> copyIn(onCopy, copy, data));
            SQLException actual = assertThrows(SQLException.class, () -> copyIn(onBranch, copy, data));
            assertEquals(expected.getSQLState(), actual.getSQLState(), () -> "branch: " + actual.getMessage()
                    + "\nfull copy: " + expected.getMessage());
            for (Connection c : List.of(onCopy, onBranch)) {
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT 1")) {
                    rs.next();
                }
            }
            return expected.getSQLState();
        }

        /** COPY TO STDOUT on both sides: byte for byte the same output, which is returned. */
        byte[] sameBytes(String copy) throws Exception {
            byte[] expected = copyOut(onCopy, copy);
            byte[] actual = copyOut(onBranch, copy);
            if (!Arrays.equals(expected, actual)) {
                fail(copy + ": " + firstDifference(expected, actual));
            }
            return expected;
        }

        /** COPY TO STDOUT on both sides: the same lines in any order (after the same header, if there is one). */
        void sameLines(String copy, boolean header) throws Exception {
            List<String> expected = sortedLines(copyOut(onCopy, copy), header);
            List<String> actual = sortedLines(copyOut(onBranch, copy), header);
            assertEquals(expected.size(), actual.size(), "lines of " + copy);
            assertEquals(expected, actual, copy);
        }

        @Override
        public void close() {
            try (onBranch; onCopy) {
                // closing both connections
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            } finally {
                try {
                    pg.dropDatabase(copy);
                } finally {
                    rift.engine().deleteBranch(branch, true);
                }
            }
        }
    }

    private static String firstDifference(byte[] expected, byte[] actual) {
        String[] e = new String(expected, StandardCharsets.UTF_8).split("\n", -1);
        String[] a = new String(actual, StandardCharsets.UTF_8).split("\n", -1);
        for (int i = 0; i < Math.min(e.length, a.length); i++) {
            if (!e[i].equals(a[i])) {
                return "line " + (i + 1) + ": full copy \"" + e[i] + "\", branch \"" + a[i] + "\"";
            }
        }
        return "full copy " + expected.length + " bytes in " + e.length + " lines, branch " + actual.length
                + " bytes in " + a.length + " lines";
    }

    private static List<String> sortedLines(byte[] out, boolean header) {
        List<String> lines = List.of(new String(out, StandardCharsets.UTF_8).split("\n"));
        int first = header ? 1 : 0;
        List<String> sorted = new ArrayList<>(lines.subList(first, lines.size()));
        sorted.sort(null);
        sorted.addAll(0, lines.subList(0, first));
        return sorted;
    }

    private static long copyIn(Connection c, String sql, String data) throws Exception {
        return c.unwrap(PGConnection.class).getCopyAPI()
                .copyIn(sql, new ByteArrayInputStream(data.getBytes(StandardCharsets.UTF_8)), 64 * 1024);
    }

    private static byte[] copyOut(Connection c, String sql) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        c.unwrap(PGConnection.class).getCopyAPI().copyOut(sql, out);
        return out.toByteArray();
    }

    private static Connection connect(String host, int port, String db) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/" + db, properties());
    }

    private static Connection tapped(String name) throws SQLException {
        return LeakTap.connect("127.0.0.1", rift.port(), name, properties());
    }

    private static Properties properties() {
        Properties p = new Properties();
        p.setProperty("user", pg.user());
        p.setProperty("password", pg.password());
        p.setProperty("socketTimeout", "120");
        return p;
    }
}
