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
 * Issue 14, finding 13: another branch's changes to a table (its merged view depends on the table) never keep a
 * branch from dropping it, as a copy drops it; an upstream view over the table still does (2BP01, as on a copy).
 */
@ExtendWith(UpstreamExtension.class)
class DropTableChangedOnAnotherBranchTest {
    private static BranchFixture f;

    @BeforeAll
    static void start(TestUpstream pg) throws Exception {
        f = BranchFixture.start(pg,
                "CREATE TABLE tickets (id int PRIMARY KEY, title text)",
                "INSERT INTO tickets SELECT g, 't' || g FROM generate_series(1, 3) g",
                "CREATE TABLE notes (id int PRIMARY KEY, body text)",
                "CREATE VIEW note_titles AS SELECT body FROM notes");
        f.createBranch("changer", null);
        f.createBranch("dropper", null);
        try (Connection c = f.branch("changer", "extended"); Statement s = c.createStatement()) {
            s.execute("UPDATE tickets SET title = 'changed' WHERE id = 1");
            s.execute("UPDATE notes SET body = 'changed' WHERE id = 1");
        }
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    @Test
    void aTableAnotherBranchChangedIsDroppedOnThisBranchInATransaction() throws SQLException {
        try (Connection c = f.branch("dropper", "extended"); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("DROP TABLE tickets");
            c.commit();
            SQLException gone = assertThrows(SQLException.class, () -> s.executeQuery("SELECT * FROM tickets"));
            assertEquals("42P01", gone.getSQLState());
        }
        try (Connection c = f.branch("changer", "extended"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT title FROM tickets WHERE id = 1")) {
            rs.next();
            assertEquals("changed", rs.getString(1), "the other branch keeps its table and its change");
        }
        try (Connection c = f.upstream(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM tickets")) {
            rs.next();
            assertEquals(3, rs.getInt(1), "the upstream keeps its table");
        }
    }

    @Test
    void anUpstreamViewStillKeepsATableFromBeingDroppedAsOnACopy() throws SQLException {
        try (Connection c = f.branch("dropper", "extended"); Statement s = c.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> s.execute("DROP TABLE notes"));
            assertEquals("2BP01", e.getSQLState());
        }
    }
}
