package dev.rift.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rift.cow.diff.BranchDiff;
import dev.rift.cow.diff.DiffQuery;
import dev.rift.cow.diff.DiffTable;
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
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code rift diff}: the rows and schema a branch changed, as text, JSON, counts and a replayable SQL patch. */
@ExtendWith(UpstreamExtension.class)
class DiffCommandTest {
    private static CliUpstream fixture;

    @BeforeAll
    static void upstream(TestUpstream upstream) throws Exception {
        fixture = CliUpstream.servedCopy(upstream, st -> {
            st.execute("CREATE TABLE accounts (id int PRIMARY KEY, owner text NOT NULL, balance int NOT NULL)");
            st.execute("INSERT INTO accounts SELECT g, 'owner ' || g, 100 FROM generate_series(1, 25) g");
            st.execute("COMMENT ON TABLE accounts IS 'accounts 21 to 25 have no orders'");
            st.execute("CREATE TABLE orders (id serial PRIMARY KEY, account_id int NOT NULL REFERENCES accounts,"
                    + " amount numeric(10,2))");
            st.execute("INSERT INTO orders (account_id, amount) SELECT g, g * 1.5 FROM generate_series(1, 20) g");
            st.execute("CREATE TABLE events (kind text, at int)");
            st.execute("INSERT INTO events VALUES ('a', 1), ('a', 1), ('b', 2)");
            st.execute("CREATE TABLE big (id int PRIMARY KEY, v int NOT NULL)");
            st.execute("INSERT INTO big SELECT g, g FROM generate_series(1, 100000) g");
            st.execute("ANALYZE big");
        });
    }

    @AfterAll
    static void drop() {
        fixture.close();
    }

    @Test
    void textDiffListsInsertedDeletedAndUpdatedRowsByKeyWithOldAndNewValues() throws Exception {
        create("df-text");
        run("df-text", "UPDATE accounts SET balance = 150 WHERE id = 3",
                "INSERT INTO accounts VALUES (31, 'new owner', 0)",
                "DELETE FROM orders WHERE id = 7",
                "UPDATE accounts SET owner = owner WHERE id = 4", // written but unchanged: not a difference
                "INSERT INTO accounts VALUES (32, 'gone again', 0)",
                "DELETE FROM accounts WHERE id = 32"); // a tombstone for a key main never had: not a difference
        Rift diff = Rift.run("diff", "df-text", "--upstream", fixture.url);
        assertEquals(0, diff.exitCode(), diff.err());
        List<String> lines = diff.out().lines().toList();
        assertEquals("diff of branch df-text against main", lines.get(0));
        assertEquals("schema: 0 statements", lines.get(1));
        assertEquals(List.of("", "public.accounts (by id)",
                "  ~ id=3              balance: 100 → 150",
                "  + id=31             id=31, owner=new owner, balance=0",
                "  1 inserted, 0 deleted, 1 updated",
                "", "public.orders (by id)",
                "  - id=7              id=7, account_id=7, amount=10.50",
                "  0 inserted, 1 deleted, 0 updated",
                "", "total: 1 inserted, 1 deleted, 1 updated in 2 tables"), lines.subList(2, lines.size()));
        assertFalse(diff.out().contains("\u001b["), "no colour when the output is not a terminal");
    }

    @Test
    void statPrintsCountsPerTableOnly() throws Exception {
        create("df-stat");
        run("df-stat", "UPDATE accounts SET balance = balance + 1 WHERE id <= 5",
                "DELETE FROM events WHERE kind = 'a'",
                "INSERT INTO events VALUES ('c', 3)");
        Rift stat = Rift.run("diff", "df-stat", "--stat", "--upstream", fixture.url);
        assertEquals(0, stat.exitCode(), stat.err());
        assertEquals(List.of("diff of branch df-stat against main", "schema: 0 statements",
                "public.accounts  +0 -0 ~5",
                "public.events    +1 -2 ~0",
                "", "total: 1 inserted, 2 deleted, 5 updated in 2 tables"), stat.out().lines().toList());
    }

    @Test
    void jsonDiffHasTheDocumentedShape() throws Exception {
        create("df-json");
        run("df-json", "UPDATE accounts SET balance = 7, owner = NULLIF('x', 'y') WHERE id = 2",
                "DELETE FROM accounts WHERE id = 25",
                "INSERT INTO accounts VALUES (30, 'o', 1)");
        Rift json = Rift.run("diff", "df-json", "--format", "json", "--upstream", fixture.url);
        assertEquals(0, json.exitCode(), json.err());
        JsonNode expected = new ObjectMapper().readTree("""
                {"branch": "df-json", "against": "main", "schema": [],
                 "tables": [{"schema": "public", "table": "accounts", "comparison": "shadowed", "key": ["id"],
                   "rows": [
                     {"op": "update", "key": {"id": "2"},
                      "changes": {"owner": {"old": "owner 2", "new": "x"}, "balance": {"old": "100", "new": "7"}}},
                     {"op": "delete", "key": {"id": "25"}, "old": {"id": "25", "owner": "owner 25", "balance": "100"}},
                     {"op": "insert", "key": {"id": "30"}, "new": {"id": "30", "owner": "o", "balance": "1"}}],
                   "counts": {"inserted": 1, "deleted": 1, "updated": 1}}],
                 "sequences": [],
                 "totals": {"inserted": 1, "deleted": 1, "updated": 1}}
                """);
        assertEquals(expected, new ObjectMapper().readTree(json.out()));

        JsonNode stat = new ObjectMapper().readTree(
                Rift.run("diff", "df-json", "--format", "json", "--stat", "--upstream", fixture.url).out());
        assertFalse(stat.get("tables").get(0).has("rows"), "--stat leaves the rows out");
        assertEquals(3, stat.get("totals").get("inserted").asInt() + stat.get("totals").get("deleted").asInt()
                + stat.get("totals").get("updated").asInt());
    }

    @Test
    void sqlPatchAppliedToACopyOfMainGivesItTheBranchsSchemaAndData() throws Exception {
        create("df-sql");
        run("df-sql", "UPDATE accounts SET balance = 0 WHERE id % 3 = 0",
                "DELETE FROM orders WHERE account_id = 5",
                "DELETE FROM accounts WHERE id = 5",
                "INSERT INTO accounts VALUES (40, 'it''s \\ odd', -1)",
                "INSERT INTO orders (account_id, amount) VALUES (40, NULL), (40, 2.25)",
                "INSERT INTO events VALUES ('a', 1)",
                "CREATE TABLE tags (id serial PRIMARY KEY, account_id int REFERENCES accounts, tag text)",
                "INSERT INTO tags (account_id, tag) VALUES (40, 'vip'), (1, NULL)",
                "ALTER TABLE accounts ADD COLUMN note text DEFAULT 'none'",
                "UPDATE accounts SET note = NULL WHERE id = 2",
                "UPDATE accounts SET note = 'watch' WHERE id = 40");
        assertPatchMakesCopyEqual("df-sql", "main");
    }

    @Test
    void diffAgainstASiblingComparesBothBranchesChanges() throws Exception {
        create("df-left");
        create("df-right");
        run("df-left", "UPDATE accounts SET balance = 1 WHERE id = 1", "INSERT INTO events VALUES ('l', 0)");
        run("df-right", "UPDATE accounts SET balance = 2 WHERE id = 2", "DELETE FROM orders WHERE id = 3");
        JsonNode doc = new ObjectMapper().readTree(
                Rift.run("diff", "df-left", "--against", "df-right", "--format", "json", "--upstream", fixture.url).out());
        assertEquals("df-right", doc.get("against").asText());
        assertEquals(2, doc.get("totals").get("updated").asInt(), doc.toPrettyString());
        assertEquals(2, doc.get("totals").get("inserted").asInt(), doc.toPrettyString()); // the event, order 3
    }

    @Test
    void aChildIsDiffedAgainstItsParentByDefault() throws Exception {
        create("df-parent");
        run("df-parent", "UPDATE accounts SET balance = 9 WHERE id = 9");
        assertEquals(0, Rift.run("create", "df-child", "--from", "df-parent", "--upstream", fixture.url).exitCode());
        run("df-child", "UPDATE accounts SET balance = 10 WHERE id = 9", "DELETE FROM accounts WHERE id = 24");
        Rift diff = Rift.run("diff", "df-child", "--upstream", fixture.url);
        assertTrue(diff.out().startsWith("diff of branch df-child against df-parent"), diff.out());
        assertTrue(diff.out().contains("  ~ id=9              balance: 9 → 10"), diff.out());
        assertTrue(diff.out().contains("total: 0 inserted, 1 deleted, 1 updated in 1 table"), diff.out());
    }

    @Test
    void diffLooksUpOnlyTheChangedKeysInsteadOfScanningTheTable() throws Exception {
        create("df-plan");
        run("df-plan", "UPDATE big SET v = -v WHERE id IN (5, 50000)", "DELETE FROM big WHERE id = 7");
        try (EngineHandle h = EngineHandle.open(UpstreamUrl.parse(fixture.url));
             BranchDiff diff = h.engine().diff("df-plan", null);
             Connection c = fixture.pg.connect(fixture.db); Statement st = c.createStatement()) {
            DiffTable big = diff.tables().stream().filter(t -> t.table().name().equals("big")).findFirst().orElseThrow();
            assertEquals(DiffTable.How.SHADOWED, big.how());
            List<String> scanned = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("EXPLAIN " + DiffQuery.sql(big))) {
                while (rs.next()) {
                    scanned.add(rs.getString(1));
                }
            }
            assertTrue(scanned.stream().noneMatch(l -> l.contains("Seq Scan on big")), String.join("\n", scanned));
            assertEquals(3, diff.rows(big, change -> { }));
        }
    }

    @Test
    void unknownBranchesAndStatWithSqlAreRefused() {
        Rift unknown = Rift.run("diff", "df-nope", "--upstream", fixture.url);
        assertEquals(1, unknown.exitCode());
        assertTrue(unknown.err().contains("branch \"df-nope\" does not exist"), unknown.err());
        Rift both = Rift.run("diff", "df-nope", "--stat", "--format", "sql", "--upstream", fixture.url);
        assertEquals(1, both.exitCode());
    }

    static void assertPatchMakesCopyEqual(String branch, String against) throws Exception {
        Rift patch = Rift.run("diff", branch, "--against", against, "--format", "sql", "--upstream", fixture.url);
        assertEquals(0, patch.exitCode(), patch.err());
        String copy = fixture.pg.copyDatabase(fixture.pristine);
        try (Connection cc = fixture.pg.connect(copy); Statement cs = cc.createStatement();
             Connection bc = branch(branch)) {
            cs.execute(patch.out());
            assertEquals(UserRows.of(bc), UserRows.of(cc), patch.out());
        } finally {
            fixture.pg.dropDatabase(copy);
        }
    }

    private static void create(String name) {
        Rift r = Rift.run("create", name, "--upstream", fixture.url);
        assertEquals(0, r.exitCode(), r.err());
    }

    private static void run(String branch, String... statements) throws SQLException {
        try (Connection c = branch(branch); Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        }
    }

    static Connection branch(String name) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", fixture.pg.user());
        p.setProperty("password", fixture.pg.password());
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + fixture.rift.port() + "/" + name, p);
    }
}
