package dev.rift.router.control;

import dev.rift.cow.DdlLogEntry;
import dev.rift.cow.diff.BranchDiff;
import dev.rift.cow.diff.DiffTable;
import dev.rift.cow.diff.RowChange;
import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static dev.rift.router.control.ControlFixture.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * diff, diff_stat and schema_diff on database rift report what {@link dev.rift.cow.OverlayEngine#diff} reports for
 * the same branch (the engine behind {@code rift diff --format json}), in both protocols.
 */
@ExtendWith(UpstreamExtension.class)
class DiffOverSqlTest {
    private static ControlFixture f;

    /** One row of rift.diff, its JSON read back by PostgreSQL. */
    record DiffRow(String schema, String table, String op, Map<String, String> key, Map<String, String> old,
                   Map<String, String> now, Map<String, String> changes, String statement) {}

    @BeforeAll
    static void start(TestUpstream pg) throws Exception {
        f = ControlFixture.start(pg,
                "CREATE TABLE items (id int PRIMARY KEY, name text, qty int)",
                "INSERT INTO items SELECT g, 'item ' || g, g * 10 FROM generate_series(1, 20) g",
                "CREATE TABLE events (msg text)",
                "INSERT INTO events VALUES ('started')");
        f.rift.engine().install();
        f.rift.engine().createBranch("changed", null);
        try (Connection b = f.branch("changed"); Statement st = b.createStatement()) {
            st.executeUpdate("UPDATE items SET qty = qty + 1, name = 'it''s \"quoted\"' WHERE id IN (2, 3)");
            st.executeUpdate("UPDATE items SET name = NULL WHERE id = 4");
            st.executeUpdate("DELETE FROM items WHERE id = 5");
            st.executeUpdate("INSERT INTO items VALUES (100, 'new', NULL)");
            st.executeUpdate("INSERT INTO events VALUES ('branched')");
            st.execute("CREATE TABLE notes (id int PRIMARY KEY, body text)");
            st.executeUpdate("INSERT INTO notes VALUES (1, E'line\\nbreak')");
        }
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"simple", "extended"})
    void diffRowsAreTheEnginesDiffOfTheSameBranch(String queryMode) throws Exception {
        List<DiffRow> expected = engineDiff("changed");
        assertTrue(expected.stream().map(DiffRow::op).distinct().count() == 4,
                "the branch has DDL, inserts, updates and deletes: " + expected);
        try (Connection rift = f.connect("rift", queryMode)) {
            assertEquals(expected, sqlDiff(rift, "SELECT * FROM rift.diff('changed')"));
            assertEquals(expected, sqlDiff(rift, "SELECT * FROM rift.diff(branch => 'changed', against => 'main')"));
        }
    }

    @Test
    void diffTakesTheBranchAsAParameterOfAPreparedStatementReusedPastPgjdbcsPrepareThreshold() throws Exception {
        List<DiffRow> expected = engineDiff("changed");
        try (Connection rift = f.control();
             PreparedStatement ps = rift.prepareStatement("SELECT * FROM rift.diff(?)")) {
            // pgjdbc switches to a named server-side statement (and binary results) from the 5th execution.
            for (int i = 0; i < 7; i++) {
                ps.setString(1, "changed");
                try (ResultSet rs = ps.executeQuery()) {
                    assertEquals(expected, read(rs));
                }
            }
        }
    }

    @Test
    void diffStatCountsPerTableWhatTheDiffRowsShow() throws Exception {
        List<List<String>> expected = new ArrayList<>();
        try (BranchDiff diff = f.rift.engine().diff("changed", null)) {
            for (DiffTable t : diff.tables()) {
                long[] counts = new long[3];
                diff.rows(t, c -> counts[c.kind().ordinal()]++);
                expected.add(List.of(t.table().schema(), t.table().name(), t.how().name().toLowerCase(Locale.ROOT),
                        Long.toString(counts[RowChange.Kind.INSERTED.ordinal()]),
                        Long.toString(counts[RowChange.Kind.DELETED.ordinal()]),
                        Long.toString(counts[RowChange.Kind.UPDATED.ordinal()])));
            }
        }
        try (Connection rift = f.control()) {
            List<List<String>> stat = rows(rift, "SELECT * FROM rift.diff_stat('changed', 'main')");
            assertEquals(expected, stat);
            assertTrue(stat.contains(List.of("public", "items", "shadowed", "1", "1", "3")), stat.toString());
        }
    }

    @Test
    void schemaDiffListsTheStatementsOfTheEnginesDdlLog() throws Exception {
        List<List<String>> expected = new ArrayList<>();
        for (DdlLogEntry e : f.rift.engine().schemaDiff("changed", null)) {
            expected.add(List.of(Long.toString(e.seq()), e.statement()));
        }
        try (Connection rift = f.control(); Statement st = rift.createStatement();
             ResultSet rs = st.executeQuery("SELECT * FROM rift.schema_diff('changed')")) {
            List<List<String>> got = new ArrayList<>();
            while (rs.next()) {
                got.add(List.of(Long.toString(rs.getLong("seq")), rs.getString("statement")));
                assertTrue(rs.getTimestamp("at") != null);
            }
            assertEquals(expected, got);
            assertEquals(1, got.size());
        }
    }

    @Test
    void aDiffOfManyRowsStreamsThemAll() throws Exception {
        f.rift.engine().createBranch("bulk", null);
        try (Connection b = f.branch("bulk"); Statement st = b.createStatement()) {
            st.executeUpdate("INSERT INTO items SELECT g, repeat('x', 200), g FROM generate_series(1000, 60999) g");
        }
        try (Connection rift = f.control(); Statement st = rift.createStatement()) {
            st.setFetchSize(1000);
            long rows = 0;
            try (ResultSet rs = st.executeQuery("SELECT * FROM rift.diff('bulk')")) {
                while (rs.next()) {
                    assertEquals("insert", rs.getString("op"));
                    rows++;
                }
            }
            assertEquals(60_000, rows);
            assertEquals(List.of(List.of("bulk")), rows(rift, "SELECT rift.delete_branch('bulk')"));
        }
    }

    private static List<DiffRow> sqlDiff(Connection rift, String sql) throws SQLException {
        try (Statement st = rift.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return read(rs);
        }
    }

    private static List<DiffRow> read(ResultSet rs) throws SQLException {
        List<DiffRow> out = new ArrayList<>();
        while (rs.next()) {
            out.add(new DiffRow(rs.getString("schema"), rs.getString("table"), rs.getString("op"),
                    f.json(rs.getString("key")), f.json(rs.getString("old")), f.json(rs.getString("new")),
                    changes(rs.getString("changes")), rs.getString("statement")));
        }
        return out;
    }

    /** {"col": {"old": .., "new": ..}} as col → "old -> new" ("(absent)" for a column new on the branch). */
    private static Map<String, String> changes(String json) throws SQLException {
        if (json == null) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : f.json(json).entrySet()) {
            Map<String, String> pair = f.json(e.getValue());
            out.put(e.getKey(), (pair.containsKey("old") ? pair.get("old") : "(absent)") + " -> " + pair.get("new"));
        }
        return out;
    }

    private static List<DiffRow> engineDiff(String branch) {
        List<DiffRow> out = new ArrayList<>();
        try (BranchDiff diff = f.rift.engine().diff(branch, null)) {
            for (DdlLogEntry e : diff.ddl()) {
                out.add(new DiffRow(null, null, "ddl", null, null, null, null, e.statement()));
            }
            for (DiffTable t : diff.tables()) {
                diff.rows(t, c -> out.add(expected(t, c)));
            }
        }
        return out;
    }

    private static DiffRow expected(DiffTable t, RowChange c) {
        Map<String, String> key = null;
        if (!t.keyColumns().isEmpty()) {
            key = new LinkedHashMap<>();
            for (int i = 0; i < t.keyColumns().size(); i++) {
                key.put(t.keyColumns().get(i), c.key().get(i));
            }
        }
        Map<String, String> changes = null;
        if (c.kind() == RowChange.Kind.UPDATED) {
            changes = new LinkedHashMap<>();
            for (String col : c.changed()) {
                changes.put(col, (c.oldValues().containsKey(col) ? c.oldValues().get(col) : "(absent)") + " -> "
                        + c.newValues().get(col));
            }
        }
        String op = switch (c.kind()) {
            case INSERTED -> "insert";
            case DELETED -> "delete";
            case UPDATED -> "update";
        };
        return new DiffRow(t.table().schema(), t.table().name(), op, key,
                c.kind() == RowChange.Kind.INSERTED ? null : c.oldValues(),
                c.kind() == RowChange.Kind.DELETED ? null : c.newValues(), changes, null);
    }
}
