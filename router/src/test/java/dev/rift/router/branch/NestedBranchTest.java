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

/** A branch made from a branch sees its parent as it was at that moment, and nothing after. */
@ExtendWith(UpstreamExtension.class)
class NestedBranchTest {
    private static BranchFixture f;

    @BeforeAll
    static void start(TestUpstream pg) throws Exception {
        f = BranchFixture.start(pg, "CREATE TABLE items (id int PRIMARY KEY, label text NOT NULL)",
                "INSERT INTO items SELECT g, 'upstream ' || g FROM generate_series(1, 100) g");
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

    private static String label(Statement st, int id) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT label FROM items WHERE id = " + id)) {
            rs.next();
            return rs.getString(1);
        }
    }

    static long count(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
