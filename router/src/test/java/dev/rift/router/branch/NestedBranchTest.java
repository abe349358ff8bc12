package dev.rift.router.branch;

import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A branch made from a branch sees its parent as it was at that moment, and nothing after; a table the parent took
 * whole keeps its triggers, exclusion constraint and unique expression index in the child, and a partition tree the
 * parent took whole stays one tree in the child, routed and constrained by PostgreSQL (docs/ddl.md).
 */
@ExtendWith(UpstreamExtension.class)
class NestedBranchTest {
    private static BranchFixture f;

    @BeforeAll
    static void start(TestUpstream pg) throws Exception {
        f = BranchFixture.start(pg, "CREATE TABLE items (id int PRIMARY KEY, label text NOT NULL)",
                "INSERT INTO items SELECT g, 'upstream ' || g FROM generate_series(1, 100) g",
                "CREATE TABLE audit (id serial PRIMARY KEY, note text NOT NULL)",
                "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql"
                        + " AS 'BEGIN NEW.edits := OLD.edits + 1; RETURN NEW; END'",
                "CREATE FUNCTION audited() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN"
                        + " INSERT INTO audit (note) VALUES (TG_TABLE_NAME || '' '' || TG_OP || '' '' || NEW.id);"
                        + " RETURN NULL; END'",
                "CREATE TABLE bookings (id int PRIMARY KEY, email text NOT NULL, during int4range NOT NULL,"
                        + " edits int NOT NULL DEFAULT 0, CONSTRAINT bookings_no_overlap EXCLUDE USING gist"
                        + " (during WITH &&))",
                "CREATE UNIQUE INDEX bookings_email ON bookings (lower(email)) WHERE edits >= 0",
                "CREATE TRIGGER bookings_touch BEFORE UPDATE ON bookings FOR EACH ROW EXECUTE FUNCTION touch()",
                "CREATE TRIGGER bookings_audit AFTER INSERT ON bookings FOR EACH ROW EXECUTE FUNCTION audited()",
                "CREATE TRIGGER bookings_quiet AFTER DELETE ON bookings FOR EACH ROW EXECUTE FUNCTION audited()",
                "ALTER TABLE bookings DISABLE TRIGGER bookings_quiet",
                "INSERT INTO bookings (id, email, during) VALUES (1, 'A@x', '[1,5)'), (2, 'b@x', '[5,9)')",
                "CREATE TABLE events (id int, day int NOT NULL, kind text NOT NULL, PRIMARY KEY (id, day))"
                        + " PARTITION BY RANGE (day)",
                "CREATE TABLE events_early PARTITION OF events FOR VALUES FROM (0) TO (100)",
                "CREATE TABLE events_late PARTITION OF events FOR VALUES FROM (100) TO (200)",
                "INSERT INTO events VALUES (1, 10, 'signup'), (2, 150, 'order')",
                "CREATE TRIGGER events_audit AFTER INSERT ON events FOR EACH ROW EXECUTE FUNCTION audited()");
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    @Test
    void aChildSeesItsParentAtCreationAndNotTheParentsLaterWrites() throws Exception {
        f.createBranch("parent", null);
        try (Connection p = f.branch("parent"); Statement st = p.createStatement()) {
            st.executeUpdate("UPDATE items SET label = 'parent before' WHERE id = 1");
            st.executeUpdate("DELETE FROM items WHERE id = 2");
        }
        f.createBranch("child", "parent");
        try (Connection p = f.branch("parent"); Statement st = p.createStatement()) {
            st.executeUpdate("UPDATE items SET label = 'parent after' WHERE id = 1");
            st.executeUpdate("INSERT INTO items VALUES (1000, 'parent after')");
        }
        try (Connection c = f.branch("child"); Statement st = c.createStatement()) {
            assertEquals("parent before", label(st, 1));
            assertEquals(99, count(st, "SELECT count(*) FROM items"));
            assertEquals(0, count(st, "SELECT count(*) FROM items WHERE id = 1000"));
            st.executeUpdate("UPDATE items SET label = 'child' WHERE id = 3");
        }
        try (Connection p = f.branch("parent"); Statement st = p.createStatement()) {
            assertEquals("parent after", label(st, 1));
            assertEquals("upstream 3", label(st, 3), "the child's writes stay in the child");
            assertEquals(100, count(st, "SELECT count(*) FROM items"));
        }
        try (Connection u = f.upstream(); Statement st = u.createStatement()) {
            assertEquals("upstream 1", label(st, 1));
            assertEquals(100, count(st, "SELECT count(*) FROM items"));
        }
    }

    @Test
    void aChildOfABranchThatMaterializedATriggerTableFiresItsTriggersOnceAndNeverForItsCopy() throws Exception {
        f.createBranch("tparent", null);
        try (Connection p = f.branch("tparent"); Statement st = p.createStatement()) {
            st.execute("ALTER TABLE bookings ADD COLUMN note text");
            st.executeUpdate("INSERT INTO bookings (id, email, during) VALUES (3, 'c@x', '[20,30)')");
            st.executeUpdate("UPDATE bookings SET email = 'a@x' WHERE id = 1");
        }
        f.createBranch("tchild", "tparent");
        try (Connection c = f.branch("tchild"); Statement st = c.createStatement()) {
            assertEquals(3, count(st, "SELECT count(*) FROM audit"), "copying the parent's table fired nothing");
            assertEquals(1, count(st, "SELECT edits FROM bookings WHERE id = 1"), "the parent's update, once");
            assertEquals(3, count(st, "SELECT count(*) FROM bookings"));
            st.executeUpdate("UPDATE bookings SET note = 'child' WHERE id = 2");
            assertEquals(1, count(st, "SELECT edits FROM bookings WHERE id = 2"), "BEFORE UPDATE fired once");
            st.executeUpdate("INSERT INTO bookings (id, email, during) VALUES (4, 'd@x', '[40,50)')");
            assertEquals(1, count(st, "SELECT count(*) FROM audit WHERE note = 'bookings INSERT 4'"));
            st.executeUpdate("DELETE FROM bookings WHERE id = 4");
            assertEquals(4, count(st, "SELECT count(*) FROM audit"), "a disabled trigger stays disabled");
            assertEquals("23P01", assertThrows(SQLException.class, () -> st.executeUpdate("INSERT INTO bookings"
                    + " (id, email, during) VALUES (5, 'e@x', '[2,3)')")).getSQLState());
            assertEquals("23505", assertThrows(SQLException.class, () -> st.executeUpdate("INSERT INTO bookings"
                    + " (id, email, during) VALUES (5, 'C@X', '[60,70)')")).getSQLState());
            assertEquals(3, count(st, "SELECT count(*) FROM bookings"), "the session stays usable");
        }
        f.createBranch("tgrandchild", "tchild");
        try (Connection g = f.branch("tgrandchild"); Statement st = g.createStatement()) {
            assertEquals(4, count(st, "SELECT count(*) FROM audit"));
            assertEquals(1, count(st, "SELECT edits FROM bookings WHERE id = 2"));
            st.executeUpdate("UPDATE bookings SET note = 'grandchild' WHERE id = 2");
            assertEquals(2, count(st, "SELECT edits FROM bookings WHERE id = 2"));
        }
        try (Connection p = f.branch("tparent"); Statement st = p.createStatement()) {
            assertEquals(3, count(st, "SELECT count(*) FROM audit"), "the child's trigger side effects stay its own");
            assertEquals(0, count(st, "SELECT edits FROM bookings WHERE id = 2"));
            assertEquals(0, count(st, "SELECT count(*) FROM bookings WHERE id = 4"));
        }
        try (Connection u = f.upstream(); Statement st = u.createStatement()) {
            assertEquals(2, count(st, "SELECT count(*) FROM audit"));
            assertEquals(0, count(st, "SELECT sum(edits) FROM bookings"));
            assertEquals(0, count(st, "SELECT count(*) FROM information_schema.columns WHERE column_name = 'note'"
                    + " AND table_name = 'bookings' AND table_schema = 'public'"));
        }
    }

    @Test
    void aChildOfABranchThatWroteAPartitionTreeRoutesMovesAndRefusesRowsAsACopyAndResetsToItsParent() throws Exception {
        f.createBranch("pparent", null);
        try (Connection p = f.branch("pparent"); Statement st = p.createStatement()) {
            st.executeUpdate("INSERT INTO events VALUES (3, 20, 'visit')");
            st.executeUpdate("UPDATE events SET kind = 'order paid' WHERE id = 2");
        }
        f.createBranch("pchild", "pparent");
        String where = "SELECT string_agg(id || ':' || tableoid::regclass, ',' ORDER BY id) FROM events";
        try (Connection c = f.branch("pchild"); Statement st = c.createStatement()) {
            assertEquals("1:events_early,2:events_late,3:events_early", text(st, where), "the parent's tree at creation");
            assertEquals(1, count(st, "SELECT count(*) FROM events WHERE kind = 'order paid'"));
            st.executeUpdate("UPDATE events SET day = 120 WHERE id = 3");
            assertEquals("1:events_early,2:events_late,3:events_late", text(st, where), "the row moved partitions");
            assertEquals("23514", assertThrows(SQLException.class, () -> st.executeUpdate(
                    "INSERT INTO events_early VALUES (9, 150, 'misplaced')")).getSQLState());
            long audited = count(st, "SELECT count(*) FROM audit");
            st.executeUpdate("INSERT INTO events VALUES (4, 199, 'refund')");
            assertEquals(audited + 1, count(st, "SELECT count(*) FROM audit"), "the cloned row trigger fired once");
            assertEquals(1, count(st, "SELECT count(*) FROM ONLY events_late WHERE id = 4"));
        }
        try (Connection p = f.branch("pparent"); Statement st = p.createStatement()) {
            assertEquals("1:events_early,2:events_late,3:events_early", text(st, where), "the child's writes are its own");
        }
        f.rift.engine().resetBranch("pchild");
        try (Connection c = f.branch("pchild"); Statement st = c.createStatement()) {
            assertEquals("1:events_early,2:events_late,3:events_early", text(st, where), "reset: the parent's tree again");
        }
        try (Connection u = f.upstream(); Statement st = u.createStatement()) {
            assertEquals("1:events_early,2:events_late", text(st, where));
            assertEquals(0, count(st, "SELECT count(*) FROM events WHERE kind = 'order paid'"));
        }
    }

    private static String text(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static String label(Statement st, int id) throws SQLException {
        return text(st, "SELECT label FROM items WHERE id = " + id);
    }

    static long count(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
