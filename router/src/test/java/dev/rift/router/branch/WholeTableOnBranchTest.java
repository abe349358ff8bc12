package dev.rift.router.branch;

import dev.rift.cow.diff.BranchDiff;
import dev.rift.cow.diff.DiffTable;
import dev.rift.cow.diff.RowChange;
import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import dev.rift.testsupport.UpstreamData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tables with triggers, held whole by a branch (docs/overlay.md, the fallback), beyond what a differential scenario
 * shows: a trigger that writes another upstream table fails with 42501 and writes nothing upstream, one whose
 * function is SECURITY DEFINER (it would write as its owner) is refused; a child branch
 * sees its parent's copy and takes its own copy of it, filled without firing the triggers; diff shows a trigger's
 * side effect and reset drops it.
 */
@ExtendWith(UpstreamExtension.class)
class WholeTableOnBranchTest {
    private static BranchFixture f;
    private static Map<String, String> upstreamBefore;

    @BeforeAll
    static void start(TestUpstream pg) throws Exception {
        f = BranchFixture.start(pg,
                "CREATE TABLE audit (id serial PRIMARY KEY, what text NOT NULL)",
                "CREATE FUNCTION audit_it() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                        + " INSERT INTO public.audit (what) VALUES (TG_OP || ' ' || NEW.id); RETURN NEW; END $$",
                "CREATE TABLE notes (id integer PRIMARY KEY, body text NOT NULL)",
                "INSERT INTO notes VALUES (1, 'first'), (2, 'second')",
                "CREATE TRIGGER notes_audit AFTER INSERT OR UPDATE ON notes FOR EACH ROW EXECUTE FUNCTION audit_it()",
                "CREATE FUNCTION audit_as_owner() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$ BEGIN"
                        + " INSERT INTO public.audit (what) VALUES ('payout ' || NEW.id); RETURN NEW; END $$",
                "CREATE TABLE payouts (id integer PRIMARY KEY, amount numeric NOT NULL)",
                "CREATE TRIGGER payouts_audit AFTER INSERT ON payouts FOR EACH ROW EXECUTE FUNCTION audit_as_owner()",
                "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                        + " NEW.version := OLD.version + 1; RETURN NEW; END $$",
                "CREATE TABLE items (id integer PRIMARY KEY, label text NOT NULL, version integer NOT NULL DEFAULT 0)",
                "CREATE TRIGGER items_touch BEFORE UPDATE ON items FOR EACH ROW EXECUTE FUNCTION touch()",
                "INSERT INTO items SELECT g, 'item ' || g, 0 FROM generate_series(1, 5) g");
        try (Connection u = f.upstream()) {
            upstreamBefore = UpstreamData.of(u);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        try (Connection u = f.upstream()) {
            assertEquals(upstreamBefore, UpstreamData.of(u), "the upstream's tables changed");
        } finally {
            f.close();
        }
    }

    @Test
    void aTriggerThatWritesAnotherUpstreamTableFailsWith42501AndWritesNothingUpstream() throws Exception {
        f.createBranch("audited", null);
        for (String mode : List.of("simple", "extended")) {
            try (Connection b = f.branch("audited", mode); Statement st = b.createStatement()) {
                SQLException insert = assertThrows(SQLException.class,
                        () -> st.executeUpdate("INSERT INTO notes VALUES (3, 'third')"));
                assertEquals("42501", insert.getSQLState(), insert::getMessage);
                assertTrue(insert.getMessage().contains("audit"), insert.getMessage());
                SQLException update = assertThrows(SQLException.class,
                        () -> st.executeUpdate("UPDATE notes SET body = 'changed' WHERE id = 1"));
                assertEquals("42501", update.getSQLState(), update::getMessage);
                assertEquals(List.of(List.of("1", "first"), List.of("2", "second")),
                        rows(st, "SELECT id, body FROM notes ORDER BY id"), "the failed writes left nothing");
                assertEquals(List.of(List.of("0")), rows(st, "SELECT count(*) FROM audit"));
            }
        }
        try (Connection b = f.branch("audited"); Statement st = b.createStatement()) {
            assertEquals(1, st.executeUpdate("DELETE FROM notes WHERE id = 2"), "a write no trigger audits works");
        }
        try (Connection u = f.upstream(); Statement st = u.createStatement()) {
            assertEquals(List.of(List.of("0", "f")), rows(st, "SELECT count(*), (SELECT is_called FROM audit_id_seq)"
                    + " FROM audit"), "nothing reached the upstream's audit table or its sequence");
            assertEquals(List.of(List.of("2")), rows(st, "SELECT count(*) FROM notes"));
        }
    }

    @Test
    void aTableWhoseTriggerRunsAsItsOwnerIsRefusedSinceThatTriggerCouldWriteUpstream() throws Exception {
        f.createBranch("definer", null);
        try (Connection b = f.branch("definer"); Statement st = b.createStatement()) {
            SQLException e = assertThrows(SQLException.class,
                    () -> st.executeUpdate("INSERT INTO payouts VALUES (1, 10)"));
            assertEquals("0A000", e.getSQLState(), e::getMessage);
            assertTrue(e.getMessage().contains("SECURITY DEFINER"), e.getMessage());
            assertEquals(List.of(List.of("0")), rows(st, "SELECT count(*) FROM payouts"), "the session is usable");
        }
        try (Connection u = f.upstream(); Statement st = u.createStatement()) {
            assertEquals(List.of(List.of("0")), rows(st, "SELECT count(*) FROM audit"));
        }
    }

    @Test
    void aChildCopiesItsParentsCopyAgainAndItsTriggersFireOnlyOnItsOwnWrites() throws Exception {
        f.createBranch("nest-parent", null);
        try (Connection p = f.branch("nest-parent"); Statement st = p.createStatement()) {
            assertEquals(2, st.executeUpdate("UPDATE items SET label = label || ' p' WHERE id <= 2"));
        }
        f.createBranch("nest-child", "nest-parent");
        try (Connection c = f.branch("nest-child"); Statement st = c.createStatement()) {
            assertEquals(List.of(List.of("1", "item 1 p", "1"), List.of("2", "item 2 p", "1"),
                    List.of("3", "item 3", "0")), rows(st, "SELECT id, label, version FROM items WHERE id <= 3 ORDER BY id"),
                    "the child reads its parent's copy");
            assertEquals(2, st.executeUpdate("UPDATE items SET label = label || ' c' WHERE id IN (2, 3)"));
            assertEquals(List.of(List.of("1", "item 1 p", "1"), List.of("2", "item 2 p c", "2"),
                    List.of("3", "item 3 c", "1"), List.of("4", "item 4", "0")),
                    rows(st, "SELECT id, label, version FROM items WHERE id <= 4 ORDER BY id"),
                    "the child's fill fired no trigger, its own update did");
        }
        try (Connection p = f.branch("nest-parent"); Statement st = p.createStatement()) {
            assertEquals(List.of(List.of("2", "item 2 p", "1"), List.of("3", "item 3", "0")),
                    rows(st, "SELECT id, label, version FROM items WHERE id IN (2, 3) ORDER BY id"),
                    "the child's writes stay in the child");
        }
        assertTrue(f.rift.engine().list().stream().filter(b -> b.name().equals("nest-child")).findFirst()
                .orElseThrow().materialized().stream().anyMatch(t -> t.name().equals("items")));
    }

    @Test
    void diffShowsATriggersSideEffectAndResetDropsIt() throws Exception {
        f.createBranch("touched", null);
        try (Connection b = f.branch("touched"); Statement st = b.createStatement()) {
            assertEquals(1, st.executeUpdate("UPDATE items SET label = 'renamed' WHERE id = 4"));
        }
        List<Map<String, String>> inserted = new ArrayList<>();
        List<Map<String, String>> deleted = new ArrayList<>();
        try (BranchDiff diff = f.rift.engine().diff("touched", null)) {
            for (DiffTable t : diff.tables()) {
                assertEquals("items", t.table().name());
                diff.rows(t, c -> (c.kind() == RowChange.Kind.INSERTED ? inserted : deleted)
                        .add(c.kind() == RowChange.Kind.INSERTED ? c.newValues() : c.oldValues()));
            }
        }
        assertEquals(List.of(Map.of("id", "4", "label", "renamed", "version", "1")), inserted,
                "the branch's row, with the version its trigger set");
        assertEquals(List.of(Map.of("id", "4", "label", "item 4", "version", "0")), deleted);
        f.rift.engine().resetBranch("touched");
        try (Connection b = f.branch("touched"); Statement st = b.createStatement()) {
            assertEquals(List.of(List.of("item 4", "0")), rows(st, "SELECT label, version FROM items WHERE id = 4"));
        }
        try (BranchDiff diff = f.rift.engine().diff("touched", null)) {
            assertEquals(List.of(), diff.tables());
        }
    }

    private static List<List<String>> rows(Statement st, String sql) throws SQLException {
        List<List<String>> out = new ArrayList<>();
        try (ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getString(i));
                }
                out.add(row);
            }
        }
        return out;
    }
}
