package dev.rift.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rift.cow.OverlayEngine;
import dev.rift.cow.OverlayException;
import dev.rift.cow.merge.BranchMerge;
import dev.rift.cow.merge.MergeApplication;
import dev.rift.cow.merge.MergeStrategy;
import dev.rift.router.ProxyConfig;
import dev.rift.router.RiftServer;
import dev.rift.storage.UpstreamUrl;
import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import dev.rift.testsupport.UserRows;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code rift merge}: three-way, by primary key, in one transaction. Expected states come from a full copy of the
 * upstream on which the same statements ran.
 */
@ExtendWith(UpstreamExtension.class)
class MergeCommandTest {
    private static CliUpstream fixture;

    @BeforeAll
    static void upstream(TestUpstream upstream) throws Exception {
        fixture = CliUpstream.servedCopy(upstream, MergeCommandTest::createTables);
    }

    private static void createTables(Statement st) throws SQLException {
        st.execute("CREATE TABLE items (id int PRIMARY KEY, name text NOT NULL, qty int NOT NULL)");
        st.execute("INSERT INTO items SELECT g, 'item ' || g, 10 FROM generate_series(1, 30) g");
        st.execute("CREATE TABLE holds (id int PRIMARY KEY, item_id int NOT NULL REFERENCES items, note text)");
        st.execute("INSERT INTO holds SELECT g, g, 'hold ' || g FROM generate_series(1, 5) g");
        st.execute("CREATE TABLE notes (id serial PRIMARY KEY, body text NOT NULL)");
    }

    @AfterAll
    static void drop() {
        fixture.close();
    }

    @Test
    void rowsChangedOnOneSideOnlyMergeCleanlyIntoTheParent() throws Exception {
        family("mg-clean");
        List<String> parent = List.of("UPDATE items SET qty = 1 WHERE id = 2", "DELETE FROM holds WHERE id = 5");
        List<String> child = List.of("UPDATE items SET qty = 99, name = 'renamed' WHERE id = 3",
                "INSERT INTO items VALUES (100, 'new', 5)", "INSERT INTO holds VALUES (100, 100, NULL)",
                "DELETE FROM holds WHERE id = 4", "DELETE FROM items WHERE id = 4",
                "UPDATE items SET qty = qty WHERE id = 6"); // unchanged: nothing to merge
        run("mg-clean", parent);
        run("mg-clean-child", child);

        Rift merge = Rift.run("merge", "mg-clean-child", "--upstream", fixture.url);
        assertEquals(0, merge.exitCode(), merge.err() + merge.out());
        assertEquals("merged mg-clean-child into mg-clean: 2 inserted, 2 deleted, 1 updated", merge.out().strip());
        assertEquals(oracle(parent, child), tables("mg-clean"));
    }

    @Test
    void aRowChangedOnBothSidesIsAConflictAndNothingIsApplied() throws Exception {
        family("mg-conflict");
        run("mg-conflict", List.of("UPDATE items SET qty = 11 WHERE id = 7"));
        run("mg-conflict-child", List.of("UPDATE items SET qty = 12 WHERE id = 7",
                "UPDATE items SET qty = 13 WHERE id = 8"));
        Map<String, String> before = tables("mg-conflict");

        Rift merge = Rift.run("merge", "mg-conflict-child", "--upstream", fixture.url);
        assertEquals(1, merge.exitCode());
        assertEquals(List.of("not merged: 1 conflicts", "", "conflict public.items id=7",
                "  base:   id=7, name=item 7, qty=10",
                "  ours:   id=7, name=item 7, qty=11   (mg-conflict)",
                "  theirs: id=7, name=item 7, qty=12   (mg-conflict-child)"), merge.out().lines().toList());
        assertTrue(merge.err().contains("nothing was applied"), merge.err());
        assertEquals(before, tables("mg-conflict"), "not even the clean row 8 was applied");

        JsonNode doc = new ObjectMapper().readTree(
                Rift.run("merge", "mg-conflict-child", "--json", "--upstream", fixture.url).out());
        assertEquals(new ObjectMapper().readTree("""
                {"branch": "mg-conflict-child", "into": "mg-conflict", "strategy": null, "applied": false,
                 "counts": {"inserted": 0, "deleted": 0, "updated": 0},
                 "conflicts": [{"schema": "public", "table": "items", "key": {"id": "7"},
                   "base": {"id": "7", "name": "item 7", "qty": "10"},
                   "ours": {"id": "7", "name": "item 7", "qty": "11"},
                   "theirs": {"id": "7", "name": "item 7", "qty": "12"}}]}
                """), doc);
    }

    @Test
    void withAStrategyTheChosenSideWinsTheConflictsAndCleanRowsMerge() throws Exception {
        for (String side : List.of("ours", "theirs")) {
            String parent = "mg-" + side;
            family(parent);
            List<String> parentChanges = List.of("UPDATE items SET qty = 21 WHERE id = 9",
                    "DELETE FROM items WHERE id = 10");
            List<String> childChanges = List.of("UPDATE items SET qty = 22 WHERE id = 9",
                    "UPDATE items SET qty = 23 WHERE id = 10", "UPDATE items SET qty = 24 WHERE id = 11");
            run(parent, parentChanges);
            run(parent + "-child", childChanges);

            Rift merge = Rift.run("merge", parent + "-child", "--strategy", side, "--upstream", fixture.url);
            assertEquals(0, merge.exitCode(), merge.err() + merge.out());
            assertTrue(merge.out().contains("conflict public.items id=9 (" + side + " kept)"), merge.out());
            assertTrue(merge.out().contains("conflict public.items id=10 (" + side + " kept)"), merge.out());
            List<String> expected = new ArrayList<>(parentChanges);
            if (side.equals("theirs")) {
                expected.add("UPDATE items SET qty = 22 WHERE id = 9");
                expected.add("INSERT INTO items VALUES (10, 'item 10', 23)");
            }
            expected.add("UPDATE items SET qty = 24 WHERE id = 11");
            assertEquals(oracle(expected, List.of()), tables(parent), side);
        }
    }

    @Test
    void mergingIntoMainNeedsYesAndTheBaseImageCatchesUpstreamChangesMadeAfterTheCopyUp() throws Exception {
        String own = fixture.pg.copyDatabase(fixture.pristine); // this test writes to its upstream
        String ownUrl = fixture.pg.url(own);
        try (RiftServer server = RiftServer.start(ProxyConfig.of("127.0.0.1", 0, UpstreamUrl.parse(ownUrl)))) {
            assertEquals(0, Rift.run("create", "mg-main", "--upstream", ownUrl).exitCode());
            try (Connection c = connect(server, "mg-main"); Statement st = c.createStatement()) {
                st.execute("UPDATE items SET qty = 5 WHERE id = 12");
                st.execute("UPDATE items SET qty = 6 WHERE id = 13");
                st.execute("INSERT INTO items VALUES (200, 'from the branch', 1)");
            }
            try (Connection c = fixture.pg.connect(own); Statement st = c.createStatement()) {
                st.execute("UPDATE items SET qty = 50 WHERE id = 12"); // upstream moves on under the branch
            }
            Rift refused = Rift.run("merge", "mg-main", "--upstream", ownUrl);
            assertEquals(1, refused.exitCode());
            assertTrue(refused.err().contains("--into main --yes"), refused.err());

            Rift conflict = Rift.run("merge", "mg-main", "--into", "main", "--yes", "--upstream", ownUrl);
            assertEquals(1, conflict.exitCode(), conflict.out());
            assertTrue(conflict.out().contains("  base:   id=12, name=item 12, qty=10"), conflict.out());

            Rift merged = Rift.run("merge", "mg-main", "--into", "main", "--yes", "--strategy", "ours",
                    "--upstream", ownUrl);
            assertEquals(0, merged.exitCode(), merged.err());
            try (Connection c = fixture.pg.connect(own); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT id, qty FROM items WHERE id IN (12, 13, 200) ORDER BY id")) {
                List<String> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(rs.getInt(1) + ":" + rs.getInt(2));
                }
                assertEquals(List.of("12:50", "13:6", "200:1"), rows);
            }
        } finally {
            fixture.pg.dropDatabase(own);
        }
    }

    @Test
    void mergingIntoABranchAdvancesItsSequencesPastTheMergedRows() throws Exception {
        family("mg-seq");
        run("mg-seq-child", List.of("INSERT INTO notes (body) VALUES ('one'), ('two'), ('three')"));
        Rift merge = Rift.run("merge", "mg-seq-child", "--upstream", fixture.url);
        assertEquals(0, merge.exitCode(), merge.err() + merge.out());

        run("mg-seq", List.of("INSERT INTO notes (body) VALUES ('made on the parent after the merge')"));
        try (Connection c = connect(fixture.rift, "mg-seq"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id, body FROM notes ORDER BY id")) {
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(rs.getInt(1) + ":" + rs.getString(2));
            }
            assertEquals(4, rows.size(), rows.toString());
            assertEquals(List.of("1:one", "2:two", "3:three"), rows.subList(0, 3));
            assertTrue(rows.get(3).endsWith(":made on the parent after the merge"), rows.toString());
        }
        assertEquals(0L, upstreamSequence("notes_id_seq"), "the upstream's sequence is not touched");
    }

    @Test
    void aRowTheTargetChangesAfterTheMergeReadItStopsTheMergeWithNothingApplied() throws Exception {
        String own = fixture.pg.copyDatabase(fixture.pristine); // this test writes to its upstream
        String ownUrl = fixture.pg.url(own);
        try (RiftServer server = RiftServer.start(ProxyConfig.of("127.0.0.1", 0, UpstreamUrl.parse(ownUrl)))) {
            assertEquals(0, Rift.run("create", "mg-race", "--upstream", ownUrl).exitCode());
            try (Connection c = connect(server, "mg-race"); Statement st = c.createStatement()) {
                st.execute("UPDATE items SET qty = 5 WHERE id = 14");
                st.execute("DELETE FROM items WHERE id = 15");
                st.execute("INSERT INTO items VALUES (300, 'from the branch', 1)");
            }
            Map<String, String> upstreamBefore;
            try (OverlayEngine engine = OverlayEngine.open(UpstreamUrl.parse(ownUrl));
                 BranchMerge merge = engine.merge("mg-race", "main");
                 Connection target = fixture.pg.connect(own)) {
                List<String> seen = new ArrayList<>();
                merge.rows(merge.tables().get(0), r -> seen.add(r.key().get(0))); // the merge's snapshot is taken
                assertEquals(List.of("14", "15", "300"), seen);
                for (String concurrent : List.of("UPDATE items SET qty = 77 WHERE id = 14",
                        "UPDATE items SET name = 'moved on' WHERE id = 15")) {
                    try (Connection other = fixture.pg.connect(own); Statement st = other.createStatement()) {
                        st.execute(concurrent);
                    }
                }
                upstreamBefore = upstreamTables(own);
                OverlayException stopped = assertThrows(OverlayException.class,
                        () -> new MergeApplication(merge, target, MergeStrategy.THEIRS, true).run());
                assertEquals("40001", stopped.sqlState(), stopped.getMessage());
                assertTrue(stopped.getMessage().contains("changed in \"main\" while the merge ran"),
                        stopped.getMessage());
            }
            assertEquals(upstreamBefore, upstreamTables(own), "nothing of the merge is applied");
        } finally {
            fixture.pg.dropDatabase(own);
        }
    }

    /** A branch of main and a child of it, so that later changes on the parent are its own. */
    private static void family(String parent) {
        assertEquals(0, Rift.run("create", parent, "--upstream", fixture.url).exitCode());
        assertEquals(0, Rift.run("create", parent + "-child", "--from", parent, "--upstream", fixture.url).exitCode());
    }

    /** The tables of a full copy of the upstream after {@code first}, then {@code second}. */
    private static Map<String, String> oracle(List<String> first, List<String> second) throws Exception {
        String copy = fixture.pg.copyDatabase(fixture.pristine);
        try (Connection c = fixture.pg.connect(copy); Statement st = c.createStatement()) {
            for (String s : first) {
                st.execute(s);
            }
            for (String s : second) {
                st.execute(s);
            }
            return UserRows.tablesOf(c);
        } finally {
            fixture.pg.dropDatabase(copy);
        }
    }

    /** The upstream sequence's position, 0 when it was never used. */
    private static long upstreamSequence(String name) throws SQLException {
        try (Connection c = fixture.pg.connect(fixture.db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM " + name)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Map<String, String> upstreamTables(String database) throws SQLException {
        try (Connection c = fixture.pg.connect(database)) {
            return UserRows.tablesOf(c);
        }
    }

    private static Map<String, String> tables(String branch) throws SQLException {
        try (Connection c = connect(fixture.rift, branch)) {
            return UserRows.tablesOf(c);
        }
    }

    private static void run(String branch, List<String> statements) throws SQLException {
        try (Connection c = connect(fixture.rift, branch); Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        }
    }

    private static Connection connect(RiftServer server, String name) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", fixture.pg.user());
        p.setProperty("password", fixture.pg.password());
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + server.port() + "/" + name, p);
    }
}
