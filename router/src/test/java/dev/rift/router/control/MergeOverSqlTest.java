package dev.rift.router.control;

import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import static dev.rift.router.control.ControlFixture.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** rift.merge on database rift: conflicts as rows with nothing applied, clean merges applied, main only when confirmed. */
@ExtendWith(UpstreamExtension.class)
class MergeOverSqlTest {
    private static ControlFixture f;

    @BeforeAll
    static void start(TestUpstream pg) throws Exception {
        f = ControlFixture.start(pg, "CREATE TABLE items (id int PRIMARY KEY, name text, qty int)",
                "INSERT INTO items SELECT g, 'item ' || g, 10 FROM generate_series(1, 10) g");
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    @Test
    void aConflictComesBackAsRowsWithBaseOursAndTheirsAndNothingIsApplied() throws Exception {
        try (Connection rift = f.control()) {
            rows(rift, "SELECT rift.create_branch('conflict-parent')");
            rows(rift, "SELECT rift.create_branch('conflict-child', 'conflict-parent')");
            write("conflict-parent", "UPDATE items SET qty = 11 WHERE id = 1");
            write("conflict-child", "UPDATE items SET qty = 12 WHERE id = 1");
            write("conflict-child", "UPDATE items SET qty = 99 WHERE id = 2");
            List<List<String>> result = rows(rift, "SELECT * FROM rift.merge('conflict-child', 'conflict-parent')");
            assertEquals(2, result.size(), result.toString());
            assertEquals(List.of("not merged", "0", "0", "0"), summary(result.get(0)));
            List<String> conflict = result.get(1);
            assertEquals(List.of("conflict", "public", "items"), conflict.subList(0, 3));
            assertEquals(Map.of("id", "1"), f.json(conflict.get(3)));
            assertEquals("10", f.json(conflict.get(4)).get("qty"));
            assertEquals("11", f.json(conflict.get(5)).get("qty"));
            assertEquals("12", f.json(conflict.get(6)).get("qty"));
        }
        assertEquals("10", qty("conflict-parent", 2), "the clean row was not applied either");
        assertEquals("11", qty("conflict-parent", 1));
    }

    @Test
    void aStrategyResolvesTheConflictAndTheMergeApplies() throws Exception {
        try (Connection rift = f.control()) {
            rows(rift, "SELECT rift.create_branch('theirs-parent')");
            rows(rift, "SELECT rift.create_branch('theirs-child', 'theirs-parent')");
            write("theirs-parent", "UPDATE items SET qty = 21 WHERE id = 3");
            write("theirs-child", "UPDATE items SET qty = 22 WHERE id = 3");
            List<List<String>> result = rows(rift,
                    "SELECT * FROM rift.merge('theirs-child', target => 'theirs-parent', strategy => 'theirs')");
            assertEquals(List.of("merged", "0", "0", "1"), summary(result.get(0)));
            assertEquals("conflict", result.get(1).get(0));
        }
        assertEquals("22", qty("theirs-parent", 3));
    }

    @Test
    void aCleanMergeIntoTheParentBranchApplies() throws Exception {
        try (Connection rift = f.control()) {
            rows(rift, "SELECT rift.create_branch('clean-parent')");
            rows(rift, "SELECT rift.create_branch('clean-child', 'clean-parent')");
            write("clean-child", "UPDATE items SET qty = 40 WHERE id = 4");
            write("clean-child", "INSERT INTO items VALUES (400, 'added', 1)");
            write("clean-child", "DELETE FROM items WHERE id = 5");
            assertEquals(List.of(List.of("merged", "1", "1", "1")),
                    rows(rift, "SELECT * FROM rift.merge('clean-child')").stream().map(MergeOverSqlTest::summary).toList());
        }
        assertEquals("40", qty("clean-parent", 4));
        assertEquals("1", qty("clean-parent", 400));
        assertNull(qty("clean-parent", 5));
        try (Connection main = f.upstream()) {
            assertEquals(List.of(List.of("10")), rows(main, "SELECT qty FROM items WHERE id = 4"), "main untouched");
        }
    }

    @Test
    void aMergeIntoASiblingBranchAppliesThereAndNowhereElse() throws Exception {
        try (Connection rift = f.control()) {
            rows(rift, "SELECT rift.create_branch('sibling-a')");
            rows(rift, "SELECT rift.create_branch('sibling-b')");
            write("sibling-a", "UPDATE items SET name = 'from a' WHERE id = 7");
            assertEquals(List.of("merged", "0", "0", "1"),
                    summary(rows(rift, "SELECT * FROM rift.merge('sibling-a', target => 'sibling-b')").get(0)));
        }
        try (Connection b = f.branch("sibling-b"); Connection main = f.upstream()) {
            assertEquals(List.of(List.of("from a")), rows(b, "SELECT name FROM items WHERE id = 7"));
            assertEquals(List.of(List.of("item 7")), rows(main, "SELECT name FROM items WHERE id = 7"));
        }
    }

    @Test
    void mergingIntoMainNeedsTheTargetNamedAndConfirmed() throws Exception {
        try (Connection rift = f.control()) {
            rows(rift, "SELECT rift.create_branch('to-main')");
            write("to-main", "UPDATE items SET qty = 60 WHERE id = 6");
            for (String unconfirmed : List.of("SELECT * FROM rift.merge('to-main')",
                    "SELECT * FROM rift.merge('to-main', 'main')",
                    "SELECT * FROM rift.merge('to-main', confirm => true)")) {
                SQLException e = assertThrows(SQLException.class, () -> rows(rift, unconfirmed));
                assertEquals("22023", e.getSQLState(), unconfirmed);
            }
            try (Connection main = f.upstream()) {
                assertEquals(List.of(List.of("10")), rows(main, "SELECT qty FROM items WHERE id = 6"));
            }
            assertEquals(List.of("merged", "0", "0", "1"), summary(rows(rift,
                    "SELECT * FROM rift.merge('to-main', target => 'main', confirm => true)").get(0)));
        }
        try (Connection main = f.upstream()) {
            assertEquals(List.of(List.of("60")), rows(main, "SELECT qty FROM items WHERE id = 6"));
        }
    }

    @Test
    void aMergeIntoMainWritesAsTheClientsRoleSoARoleThatMayNotUpdateIsRefused() throws Exception {
        try (Connection main = f.upstream(); Statement st = main.createStatement()) {
            st.execute("CREATE ROLE merge_reader LOGIN PASSWORD 'reader'");
            st.execute("GRANT SELECT ON items TO merge_reader");
        }
        try (Connection rift = f.control()) {
            rows(rift, "SELECT rift.create_branch('as-reader')");
        }
        try (Connection main = f.upstream(); Statement st = main.createStatement()) {
            // Allowed to merge into main, so what refuses it is PostgreSQL's own privilege on the table.
            st.execute("GRANT " + BranchManagers.MERGE_MAIN + " TO merge_reader");
        }
        write("as-reader", "UPDATE items SET qty = 70 WHERE id = 8");
        try (Connection rift = f.control("merge_reader", "reader")) {
            SQLException e = assertThrows(SQLException.class, () -> rows(rift,
                    "SELECT * FROM rift.merge('as-reader', target => 'main', confirm => true)"));
            assertEquals("42501", e.getSQLState(), e.getMessage());
            assertTrue(e.getMessage().contains("SET ROLE") || e.getMessage().contains("items"), e.getMessage());
            assertEquals(List.of(List.of("1")), rows(rift, "SELECT 1"), "the connection stays usable");
        }
        try (Connection main = f.upstream()) {
            assertEquals(List.of(List.of("10")), rows(main, "SELECT qty FROM items WHERE id = 8"), "main untouched");
        }
    }

    /** outcome, inserted, deleted, updated. */
    private static List<String> summary(List<String> row) {
        return List.of(row.get(0), row.get(7), row.get(8), row.get(9));
    }

    private static void write(String branch, String sql) throws SQLException {
        try (Connection b = f.branch(branch); Statement st = b.createStatement()) {
            st.executeUpdate(sql);
        }
    }

    private static String qty(String branch, int id) throws SQLException {
        try (Connection b = f.branch(branch)) {
            List<List<String>> r = rows(b, "SELECT qty FROM items WHERE id = ?", id);
            return r.isEmpty() ? null : r.get(0).get(0);
        }
    }
}
