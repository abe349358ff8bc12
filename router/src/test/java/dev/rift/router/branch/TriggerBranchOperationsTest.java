package dev.rift.router.branch;

import dev.rift.cow.OverlayException;
import dev.rift.cow.diff.BranchDiff;
import dev.rift.cow.diff.DiffTable;
import dev.rift.cow.diff.RowChange;
import dev.rift.cow.merge.BranchMerge;
import dev.rift.cow.merge.MergeApplication;
import dev.rift.cow.merge.MergeResult;
import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import dev.rift.testsupport.RowLines;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * diff, reset and merge of a table held whole for its triggers (docs/diff.md, "Triggers and merge"): what the
 * triggers did on the branch is part of its changes, and a merge into main applies it once, without firing main's
 * triggers again; a partition tree held whole diffs and merges into main's partitions.
 */
@ExtendWith(UpstreamExtension.class)
class TriggerBranchOperationsTest {
    private static final String ROWS = "SELECT x::text FROM accounts x ORDER BY id";
    private static final String AUDIT = "SELECT x::text FROM audit x ORDER BY id";
    private static BranchFixture f;

    @BeforeAll
    static void start(TestUpstream pg) throws Exception {
        f = BranchFixture.start(pg, "CREATE TABLE audit (id serial PRIMARY KEY, note text NOT NULL)",
                "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql"
                        + " AS 'BEGIN NEW.version := OLD.version + 1; RETURN NEW; END'",
                "CREATE FUNCTION audited() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN"
                        + " INSERT INTO audit (note) VALUES (TG_TABLE_NAME || '' '' || TG_OP || '' '' || NEW.id);"
                        + " RETURN NULL; END'",
                "CREATE TABLE accounts (id int PRIMARY KEY, owner text NOT NULL, version int NOT NULL DEFAULT 0)",
                "CREATE TRIGGER accounts_touch BEFORE UPDATE ON accounts FOR EACH ROW EXECUTE FUNCTION touch()",
                "CREATE TRIGGER accounts_audit AFTER INSERT ON accounts FOR EACH ROW EXECUTE FUNCTION audited()",
                "CREATE TRIGGER accounts_quiet AFTER DELETE ON accounts FOR EACH ROW EXECUTE FUNCTION audited()",
                "ALTER TABLE accounts DISABLE TRIGGER accounts_quiet",
                "INSERT INTO accounts (id, owner) VALUES (1, 'one'), (2, 'two'), (3, 'three')",
                "CREATE TABLE events (id int, day int NOT NULL, kind text NOT NULL, PRIMARY KEY (id, day))"
                        + " PARTITION BY RANGE (day)",
                "CREATE TABLE events_early PARTITION OF events FOR VALUES FROM (0) TO (100)",
                "CREATE TABLE events_late PARTITION OF events FOR VALUES FROM (100) TO (200)",
                "INSERT INTO events VALUES (1, 10, 'signup'), (2, 150, 'order'), (3, 20, 'visit')");
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    @Test
    void theDiffShowsWhatTheTriggersWroteAndAResetDropsIt() throws Exception {
        f.createBranch("td", null);
        run("td", "UPDATE accounts SET owner = 'changed' WHERE id = 1",
                "INSERT INTO accounts (id, owner) VALUES (10, 'new')");
        List<String> changes = diff("td");
        assertTrue(changes.stream().anyMatch(c -> c.startsWith("public.audit INSERTED")
                && c.contains("note=accounts INSERT 10")), changes.toString());
        assertTrue(changes.stream().anyMatch(c -> c.startsWith("public.accounts") && c.contains("id=1")
                && c.contains("owner=changed") && c.contains("version=1")), changes.toString());
        assertTrue(changes.stream().anyMatch(c -> c.startsWith("public.accounts") && c.contains("id=10")
                && c.contains("version=0")), changes.toString());

        f.rift.engine().resetBranch("td");
        assertEquals(List.of(), diff("td"));
        try (Connection c = f.branch("td"); Statement st = c.createStatement()) {
            assertEquals(upstream(ROWS), RowLines.of(st, ROWS));
            assertEquals(upstream(AUDIT), RowLines.of(st, AUDIT));
        }
    }

    @Test
    void aMergeIntoMainAppliesTheTriggersSideEffectsOnceAndLeavesMainsTriggersAsTheyWere() throws Exception {
        f.createBranch("tm", null);
        run("tm", "UPDATE accounts SET owner = 'merged' WHERE id = 2",
                "INSERT INTO accounts (id, owner) VALUES (20, 'from the branch')", "DELETE FROM accounts WHERE id = 3");
        List<String> branchRows;
        List<String> branchAudit;
        try (Connection c = f.branch("tm"); Statement st = c.createStatement()) {
            branchRows = RowLines.of(st, ROWS);
            branchAudit = RowLines.of(st, AUDIT);
        }
        assertEquals(4, branchAudit.size(), branchAudit.toString());
        try (BranchMerge merge = f.rift.engine().merge("tm", "main"); Connection main = f.upstream()) {
            MergeResult result = new MergeApplication(merge, main, null, true).run();
            assertTrue(result.applied());
        }
        assertEquals(branchRows, upstream(ROWS), "version moved once, by the branch's trigger");
        assertEquals(branchAudit, upstream(AUDIT), "the audit row the branch's trigger wrote, once");
        assertEquals(List.of("accounts_audit|O", "accounts_quiet|D", "accounts_touch|O", "rift_guard|A"),
                upstream("SELECT tgname || '|' || tgenabled::text FROM pg_trigger WHERE tgrelid = 'accounts'::regclass"
                        + " ORDER BY 1"), "each trigger has its state again (rift's guard stays ENABLE ALWAYS)");
        try (Connection main = f.upstream(); Statement st = main.createStatement()) {
            st.execute("UPDATE accounts SET owner = 'after' WHERE id = 2");
            st.execute("INSERT INTO accounts (id, owner) VALUES (30, 'after')");
        }
        assertEquals(List.of("(2,after,2)"), upstream("SELECT x::text FROM accounts x WHERE id = 2"));
        assertEquals(List.of("(5,\"accounts INSERT 30\")"), upstream("SELECT x::text FROM audit x WHERE id > 4"),
                "main's triggers fire again, and the audit sequence continues past the merged row");
    }

    @Test
    void aMergeIntoABranchWhoseTriggersWouldFireAgainIsRefused() throws Exception {
        f.createBranch("tp", null);
        f.createBranch("tp-child", "tp");
        run("tp-child", "UPDATE accounts SET owner = 'child' WHERE id = 1");
        OverlayException refused = assertThrows(OverlayException.class, () -> f.rift.engine().merge("tp-child", "tp"));
        assertEquals("0A000", refused.sqlState());
        assertTrue(refused.getMessage().contains("table public.accounts into a branch: it has user triggers"),
                refused.getMessage());
        try (Connection c = f.branch("tp"); Statement st = c.createStatement()) {
            assertEquals(upstream(ROWS), RowLines.of(st, ROWS), "nothing merged");
        }
    }

    @Test
    void aPartitionTreesChangesShowInTheDiffAndAMergeIntoMainRoutesThemIntoMainsPartitions() throws Exception {
        String events = "SELECT id || ':' || day || ':' || kind || ':' || tableoid::regclass FROM events ORDER BY id";
        f.createBranch("pm", null);
        run("pm", "UPDATE events SET day = 120, kind = 'moved' WHERE id = 3", "DELETE FROM events WHERE id = 1",
                "INSERT INTO events VALUES (4, 30, 'new')");
        List<String> changes = diff("pm");
        assertTrue(changes.stream().anyMatch(c -> c.contains("kind=moved")), changes.toString());
        assertTrue(changes.stream().anyMatch(c -> c.contains("kind=new")), changes.toString());
        assertTrue(changes.contains("public.events_early DELETED {id=1, day=10, kind=signup}"), changes.toString());
        assertTrue(changes.contains("public.events_early DELETED {id=3, day=20, kind=visit}"),
                "a row that moved partitions leaves one and enters the other: " + changes);
        List<String> onBranch;
        try (Connection c = f.branch("pm"); Statement st = c.createStatement()) {
            onBranch = RowLines.of(st, events);
        }
        assertEquals(List.of("2:150:order:events_late", "3:120:moved:events_late", "4:30:new:events_early"), onBranch);
        try (BranchMerge merge = f.rift.engine().merge("pm", "main"); Connection main = f.upstream()) {
            assertTrue(new MergeApplication(merge, main, null, true).run().applied());
        }
        assertEquals(onBranch, upstream(events), "main holds the branch's rows, each in the partition a copy puts it in");
    }

    private static List<String> diff(String branch) {
        List<String> out = new ArrayList<>();
        try (BranchDiff d = f.rift.engine().diff(branch, "main")) {
            for (DiffTable t : d.tables()) {
                d.rows(t, (RowChange r) -> out.add(t.table() + " " + r.kind() + " "
                        + (r.kind() == RowChange.Kind.DELETED ? r.oldValues() : r.newValues())));
            }
        }
        return out;
    }

    private static void run(String branch, String... statements) throws Exception {
        try (Connection c = f.branch(branch); Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        }
    }

    private static List<String> upstream(String sql) throws Exception {
        try (Connection c = f.upstream(); Statement st = c.createStatement()) {
            return RowLines.of(st, sql);
        }
    }
}
