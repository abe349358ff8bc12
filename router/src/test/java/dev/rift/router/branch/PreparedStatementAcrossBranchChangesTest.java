package dev.rift.router.branch;

import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.PGStatement;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A statement prepared while a table had no branch data keeps giving the right answer after
 * another session's write gives the table branch data: rift prepares it again before its next Bind.
 */
@ExtendWith(UpstreamExtension.class)
class PreparedStatementAcrossBranchChangesTest {
    private static BranchFixture f;

    @BeforeAll
    static void start(TestUpstream pg) throws Exception {
        f = BranchFixture.start(pg, "CREATE TABLE prices (id int PRIMARY KEY, amount int NOT NULL)",
                "INSERT INTO prices SELECT g, g * 10 FROM generate_series(1, 10) g");
        f.createBranch("prep", null);
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    @Test
    void aServerPreparedReadSeesRowsChangedAfterItWasPrepared() throws Exception {
        try (Connection reader = f.branch("prep"); Connection writer = f.branch("prep");
             PreparedStatement read = reader.prepareStatement("SELECT amount FROM prices WHERE id = ?")) {
            read.unwrap(PGStatement.class).setPrepareThreshold(1);
            assertEquals(50, amount(read, 5));
            assertEquals(50, amount(read, 5));
            assertTrue(read.unwrap(PGStatement.class).isUseServerPrepare(), "really a server-side prepared statement");

            try (Statement w = writer.createStatement()) {
                assertEquals(1, w.executeUpdate("UPDATE prices SET amount = 5000 WHERE id = 5"));
            }
            assertEquals(5000, amount(read, 5));
            assertEquals(60, amount(read, 6));
        }
    }

    private static int amount(PreparedStatement ps, int id) throws Exception {
        ps.setInt(1, id);
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
