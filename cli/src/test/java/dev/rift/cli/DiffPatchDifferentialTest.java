package dev.rift.cli;

import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import dev.rift.testsupport.UserRows;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Differential: after a seeded random mix of inserts, updates, deletes and DDL on a branch, {@code rift diff
 * --format sql} applied to a full copy of the parent (CREATE DATABASE ... TEMPLATE) makes it equal to the branch,
 * table by table (row checksums) and sequence by sequence.
 */
@ExtendWith(UpstreamExtension.class)
class DiffPatchDifferentialTest {
    private static final int ROUNDS = 80;

    private static CliUpstream fixture;

    @BeforeAll
    static void upstream(TestUpstream upstream) throws Exception {
        fixture = CliUpstream.servedCopy(upstream, st -> {
            st.execute("CREATE TABLE accounts (id int PRIMARY KEY, owner text, balance numeric(12,2) NOT NULL)");
            st.execute("INSERT INTO accounts SELECT g, 'owner ' || g, g * 10 FROM generate_series(1, 60) g");
            st.execute("CREATE TABLE orders (id serial PRIMARY KEY, account_id int NOT NULL REFERENCES accounts,"
                    + " qty int CHECK (qty > 0), placed date)");
            st.execute("INSERT INTO orders (account_id, qty, placed) SELECT 1 + g % 30, g, date '2024-01-01' + g"
                    + " FROM generate_series(1, 80) g");
            st.execute("CREATE TABLE pairs (a int, b text, v jsonb, PRIMARY KEY (a, b))");
            st.execute("INSERT INTO pairs SELECT g % 7, 'k' || g, jsonb_build_object('g', g)"
                    + " FROM generate_series(1, 40) g");
            st.execute("CREATE TABLE events (kind text, at int)");
            st.execute("INSERT INTO events SELECT 'e' || (g % 5), g % 3 FROM generate_series(1, 30) g");
        });
    }

    @AfterAll
    static void drop() {
        fixture.close();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4})
    void patchOfARandomlyChangedBranchMakesACopyOfMainEqualToIt(long seed) throws Exception {
        String branch = "dp-main-" + seed;
        create(branch, null);
        List<String> log = new ArrayList<>();
        try (Connection c = branch(branch); Statement st = c.createStatement()) {
            changeRandomly(st, new Random(seed), true, log);
        }
        String copy = fixture.pg.copyDatabase(fixture.pristine);
        try (Connection cc = fixture.pg.connect(copy); Statement cs = cc.createStatement(); Connection bc = branch(branch)) {
            String patch = patch(branch, "main");
            cs.execute(patch);
            assertEquals(UserRows.of(bc), UserRows.of(cc),
                    "seed " + seed + "\nstatements:\n" + String.join("\n", log) + "\npatch:\n" + patch);
        } finally {
            fixture.pg.dropDatabase(copy);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {11, 12})
    void patchesOfAParentAndOfItsChildAppliedInTurnMakeACopyOfMainEqualToTheChild(long seed) throws Exception {
        String parent = "dp-parent-" + seed;
        String child = "dp-child-" + seed;
        Random random = new Random(seed);
        List<String> log = new ArrayList<>();
        create(parent, null);
        try (Connection c = branch(parent); Statement st = c.createStatement()) {
            changeRandomly(st, random, false, log); // a branch with DDL cannot have children yet
        }
        create(child, parent);
        try (Connection c = branch(child); Statement st = c.createStatement()) {
            log.add("-- child");
            changeRandomly(st, random, true, log);
        }
        String copy = fixture.pg.copyDatabase(fixture.pristine);
        try (Connection cc = fixture.pg.connect(copy); Statement cs = cc.createStatement(); Connection bc = branch(child)) {
            cs.execute(patch(parent, "main"));
            String patch = patch(child, null);
            cs.execute(patch);
            assertEquals(UserRows.of(bc), UserRows.of(cc),
                    "seed " + seed + "\nstatements:\n" + String.join("\n", log) + "\npatch:\n" + patch);
        } finally {
            fixture.pg.dropDatabase(copy);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {21, 22})
    void mergeOfARandomlyChangedBranchIntoAnUntouchedSiblingMakesTheSiblingEqualToIt(long seed) throws Exception {
        String parent = "dp-mp-" + seed;
        String changed = parent + "-changed";
        String sibling = parent + "-sibling";
        Random random = new Random(seed);
        List<String> log = new ArrayList<>();
        create(parent, null);
        try (Connection c = branch(parent); Statement st = c.createStatement()) {
            changeRandomly(st, random, false, log);
        }
        create(changed, parent);
        create(sibling, parent);
        try (Connection c = branch(changed); Statement st = c.createStatement()) {
            log.add("-- changed");
            changeRandomly(st, random, true, false, log); // merges take created tables, not materialized ones
        }
        Rift merge = Rift.run("merge", changed, "--into", sibling, "--upstream", fixture.url);
        assertEquals(0, merge.exitCode(), merge.err() + "\n" + String.join("\n", log));
        try (Connection a = branch(changed); Connection b = branch(sibling)) {
            assertEquals(UserRows.tablesOf(a), UserRows.tablesOf(b),
                    "seed " + seed + "\n" + merge.out() + "\nstatements:\n" + String.join("\n", log));
        }
    }

    /** ROUNDS random statements that succeed; with {@code ddl}, a column added (materializing accounts) and a table
     * created on the way, by a third and half of the rounds at the latest. */
    private static void changeRandomly(Statement st, Random r, boolean ddl, List<String> log) throws SQLException {
        changeRandomly(st, r, ddl, ddl, log);
    }

    private static void changeRandomly(Statement st, Random r, boolean ddl, boolean alter, List<String> log)
            throws SQLException {
        boolean altered = false;
        boolean tags = false;
        int nextAccount = 1000 + r.nextInt(1000);
        for (int i = 0; i < ROUNDS; i++) {
            int account = 1 + r.nextInt(70);
            int op = r.nextInt(ddl ? 13 : 11);
            if (ddl && (i == ROUNDS / 3 && !altered || i == ROUNDS / 2 && !tags)) {
                op = i == ROUNDS / 3 ? 11 : 12; // every DDL run has both kinds of schema change, then writes after
            }
            if (op == 11 && !alter) {
                op = 12;
            }
            String sql = switch (op) {
                case 0 -> "INSERT INTO accounts (id, owner, balance) VALUES (" + nextAccount++ + ", "
                        + (r.nextBoolean() ? "NULL" : "'o''" + i + "'") + ", " + r.nextInt(500) + ".5)";
                case 1, 2 -> "UPDATE accounts SET balance = balance + " + r.nextInt(9) + " WHERE id % 13 = "
                        + r.nextInt(13);
                case 3 -> "UPDATE accounts SET owner = " + (r.nextBoolean() ? "NULL" : "'renamed " + i + "'")
                        + " WHERE id = " + account;
                case 4 -> "DELETE FROM orders WHERE account_id = " + account;
                case 5 -> "DELETE FROM accounts WHERE id = " + account
                        + " AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.account_id = " + account + ")"
                        + (tags ? " AND NOT EXISTS (SELECT 1 FROM tags t WHERE t.account_id = " + account + ")" : "");
                case 6 -> "INSERT INTO orders (account_id, qty, placed) SELECT id, " + (1 + r.nextInt(5))
                        + ", NULL FROM accounts WHERE id % 17 = " + r.nextInt(17);
                case 7 -> "UPDATE orders SET qty = qty + 1, placed = placed + 1 WHERE id % 11 = " + r.nextInt(11);
                case 8 -> "UPDATE pairs SET v = v || jsonb_build_object('r', " + i + ") WHERE a = " + r.nextInt(7);
                case 9 -> r.nextBoolean() ? "DELETE FROM pairs WHERE b = 'k" + r.nextInt(40) + "'"
                        : "INSERT INTO pairs VALUES (" + r.nextInt(7) + ", 'n" + i + "', NULL)";
                case 10 -> r.nextBoolean() ? "DELETE FROM events WHERE kind = 'e" + r.nextInt(5) + "' AND at = "
                        + r.nextInt(3) : "INSERT INTO events VALUES ('e" + r.nextInt(5) + "', " + r.nextInt(3) + ")";
                case 11 -> altered ? "UPDATE accounts SET note = 'n" + i + "' WHERE id % 5 = " + r.nextInt(5)
                        : "ALTER TABLE accounts ADD COLUMN note text DEFAULT 'fresh'";
                default -> tags ? "INSERT INTO tags (account_id, tag) SELECT id, 't" + i + "' FROM accounts"
                        + " WHERE id % 19 = " + r.nextInt(19)
                        // Its foreign key materializes accounts, which only ALTER runs are meant to do.
                        : "CREATE TABLE tags (id serial PRIMARY KEY, account_id int"
                        + (alter ? " REFERENCES accounts" : "") + ", tag text)";
            };
            altered |= sql.startsWith("ALTER TABLE accounts");
            tags |= sql.startsWith("CREATE TABLE tags");
            log.add(sql + ";");
            st.execute(sql);
        }
    }

    private static String patch(String branch, String against) {
        Rift patch = against == null ? Rift.run("diff", branch, "--format", "sql", "--upstream", fixture.url)
                : Rift.run("diff", branch, "--against", against, "--format", "sql", "--upstream", fixture.url);
        assertEquals(0, patch.exitCode(), patch.err());
        return patch.out();
    }

    private static void create(String name, String from) {
        Rift r = from == null ? Rift.run("create", name, "--upstream", fixture.url)
                : Rift.run("create", name, "--from", from, "--upstream", fixture.url);
        assertEquals(0, r.exitCode(), r.err());
    }

    private static Connection branch(String name) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", fixture.pg.user());
        p.setProperty("password", fixture.pg.password());
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + fixture.rift.port() + "/" + name, p);
    }
}
