package dev.rift.router.control;

import dev.rift.cow.BranchSummary;
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
import java.sql.Types;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static dev.rift.router.control.ControlFixture.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** create_branch, branches, reset_branch and delete_branch on database rift, through pgjdbc. */
@ExtendWith(UpstreamExtension.class)
class BranchOperationsOverSqlTest {
    private static ControlFixture f;

    @BeforeAll
    static void start(TestUpstream pg) throws Exception {
        f = ControlFixture.start(pg, "CREATE TABLE t (id int PRIMARY KEY, name text)",
                "INSERT INTO t SELECT g, 'row ' || g FROM generate_series(1, 5) g");
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    @Test
    void aBranchCreatedThroughSqlTakesConnectionsAndWritesWhileMainKeepsItsRows() throws Exception {
        try (Connection rift = f.control()) {
            assertEquals(List.of(List.of("created")), rows(rift, "SELECT rift.create_branch('created', 'main')"));
        }
        try (Connection b = f.branch("created"); Statement st = b.createStatement()) {
            assertEquals(1, st.executeUpdate("INSERT INTO t VALUES (100, 'branch row')"));
            assertEquals(List.of(List.of("6")), rows(b, "SELECT count(*) FROM t"));
        }
        try (Connection main = f.upstream()) {
            assertEquals(List.of(List.of("5")), rows(main, "SELECT count(*) FROM t"));
        }
    }

    @Test
    void aBranchCreatedFromABranchThroughSqlHasThatParent() throws Exception {
        try (Connection rift = f.control()) {
            rows(rift, "SELECT * FROM rift.create_branch('mother')");
            rows(rift, "SELECT * FROM rift.create_branch(name => 'daughter', parent => 'mother')");
        }
        BranchSummary daughter = f.rift.engine().list().stream().filter(b -> b.name().equals("daughter")).findFirst()
                .orElseThrow();
        assertEquals("mother", daughter.parent());
    }

    @Test
    void branchesReportsWhatTheEngineListsWithTheFieldsOfRiftListJson() throws Exception {
        try (Connection rift = f.control()) {
            rows(rift, "SELECT rift.create_branch('listed')");
            try (Connection b = f.branch("listed"); Statement st = b.createStatement()) {
                st.executeUpdate("UPDATE t SET name = 'changed' WHERE id <= 2");
            }
            List<BranchSummary> engine = f.rift.engine().list();
            try (Statement st = rift.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM rift.branches()")) {
                List<String> columns = List.of("name", "parent", "mode", "created", "rows_changed", "bytes",
                        "copied_tables", "ddl_statements");
                for (int i = 0; i < columns.size(); i++) {
                    assertEquals(columns.get(i), rs.getMetaData().getColumnName(i + 1));
                }
                for (BranchSummary expected : engine) {
                    assertTrue(rs.next(), "a row for " + expected.name());
                    assertEquals(expected.name(), rs.getString("name"));
                    assertEquals(expected.parent() == null ? "main" : expected.parent(), rs.getString("parent"));
                    assertEquals(expected.mode(), rs.getString("mode"));
                    assertEquals(expected.createdAt().toInstant(), rs.getTimestamp("created").toInstant());
                    assertEquals(expected.rowsChanged(), rs.getLong("rows_changed"));
                    assertEquals(expected.bytes(), rs.getLong("bytes"));
                    assertEquals(expected.ddlStatements(), rs.getLong("ddl_statements"));
                }
                assertTrue(!rs.next(), "no more rows than branches");
            }
            BranchSummary listed = engine.stream().filter(b -> b.name().equals("listed")).findFirst().orElseThrow();
            assertEquals(2, listed.rowsChanged());
        }
    }

    @Test
    void rowsChangedCountsTheRowsWrittenToTablesTheBranchsDdlMaterializedOrCreated() throws Exception {
        try (Connection rift = f.control()) {
            rows(rift, "SELECT rift.create_branch('altered')");
        }
        try (Connection b = f.branch("altered"); Statement st = b.createStatement()) {
            for (String sql : List.of("UPDATE t SET name = 'before the DDL' WHERE id = 1",
                    "ALTER TABLE t ADD COLUMN note text", "UPDATE t SET name = 'after the DDL' WHERE id = 2",
                    "UPDATE t SET note = 'only in the added column' WHERE id = 3",
                    "INSERT INTO t VALUES (200, 'new', 'n')", "DELETE FROM t WHERE id = 4",
                    "CREATE TABLE fresh (id int PRIMARY KEY)", "INSERT INTO fresh VALUES (1), (2)")) {
                st.execute(sql);
            }
        }
        BranchSummary altered = f.rift.engine().list().stream().filter(b -> b.name().equals("altered")).findFirst()
                .orElseThrow();
        assertEquals(6, altered.rowsChanged(), "rows 1 and 2 updated, 200 inserted, 4 deleted, the new table's two;"
                + " row 3 differs only in a column the upstream does not have");
    }

    @Test
    void aServerPreparedStatementWithBinaryResultsReadsTheSameValuesAsTheFirstExecution() throws Exception {
        try (Connection rift = f.control()) {
            rows(rift, "SELECT rift.create_branch('prepared')");
            try (java.sql.PreparedStatement ps = rift.prepareStatement(
                    "SELECT name, created, rows_changed, bytes FROM rift.branches()")) {
                List<String> first = null;
                // pgjdbc prepares on the server from the 5th execution and then asks for int8 and timestamptz in binary.
                for (int i = 0; i < 7; i++) {
                    List<String> values = new java.util.ArrayList<>();
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            values.add(rs.getString(1) + " " + rs.getTimestamp(2).toInstant() + " " + rs.getLong(3)
                                    + " " + rs.getLong(4));
                        }
                    }
                    if (first == null) {
                        first = values;
                        assertTrue(values.stream().anyMatch(v -> v.startsWith("prepared ")), values.toString());
                    }
                    assertEquals(first, values, "execution " + (i + 1));
                }
            }
        }
    }

    @Test
    void resetThroughSqlMakesTheBranchReadAsMainAgain() throws Exception {
        try (Connection rift = f.control()) {
            rows(rift, "SELECT rift.create_branch('to-reset')");
            try (Connection b = f.branch("to-reset"); Statement st = b.createStatement()) {
                st.executeUpdate("DELETE FROM t WHERE id = 1");
                st.executeUpdate("UPDATE t SET name = 'changed' WHERE id = 2");
                st.executeUpdate("INSERT INTO t VALUES (200, 'new')");
                assertNotEquals(mainRows(), rows(b, "SELECT * FROM t ORDER BY id"));
            }
            assertEquals(List.of(List.of("to-reset")), rows(rift, "SELECT rift.reset_branch('to-reset')"));
        }
        try (Connection b = f.branch("to-reset")) {
            assertEquals(mainRows(), rows(b, "SELECT * FROM t ORDER BY id"));
        }
    }

    @Test
    void deleteThroughSqlEndsTheBranch() throws Exception {
        try (Connection rift = f.control()) {
            rows(rift, "SELECT rift.create_branch('doomed')");
            assertEquals(List.of(List.of("doomed")), rows(rift, "SELECT rift.delete_branch('doomed')"));
        }
        SQLException e = assertThrows(SQLException.class, () -> f.branch("doomed"));
        assertEquals("3D000", e.getSQLState());
        assertTrue(f.rift.engine().branchCatalog().branch("doomed").isEmpty());
    }

    @Test
    void deletingABranchWithChildrenNeedsForceAndThenDeletesThemDeepestFirst() throws Exception {
        try (Connection rift = f.control()) {
            rows(rift, "SELECT rift.create_branch('elder')");
            rows(rift, "SELECT rift.create_branch('younger', 'elder')");
            SQLException refused = assertThrows(SQLException.class,
                    () -> rows(rift, "SELECT rift.delete_branch('elder')"));
            assertEquals("2BP01", refused.getSQLState(), refused.getMessage());
            assertEquals(List.of(List.of("younger"), List.of("elder")),
                    rows(rift, "SELECT * FROM rift.delete_branch('elder', force => true)"));
        }
        assertTrue(f.rift.engine().branchCatalog().branch("younger").isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"simple", "extended"})
    void textAndBooleanParametersOfAPreparedCallBindAsLiteralsWould(String queryMode) throws Exception {
        String parent = "param-parent-" + queryMode;
        String child = "param-child-" + queryMode;
        try (Connection rift = f.connect("rift", queryMode)) {
            try (PreparedStatement create = rift.prepareStatement("SELECT rift.create_branch(?, parent => ?)")) {
                create.setString(1, parent);
                create.setNull(2, Types.VARCHAR);
                create.executeQuery().close();
                create.setString(1, child);
                create.setString(2, parent);
                create.executeQuery().close();
            }
            try (PreparedStatement delete = rift.prepareStatement("SELECT * FROM rift.delete_branch(?, ?)")) {
                delete.setString(1, parent);
                delete.setBoolean(2, true);
                List<String> deleted = new java.util.ArrayList<>();
                try (ResultSet rs = delete.executeQuery()) {
                    while (rs.next()) {
                        deleted.add(rs.getString(1));
                    }
                }
                assertEquals(List.of(child, parent), deleted);
            }
        }
    }

    private static List<List<String>> mainRows() throws SQLException {
        try (Connection main = f.upstream()) {
            return rows(main, "SELECT * FROM t ORDER BY id");
        }
    }
}
