package dev.rift.router.branch;

import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sessions still open on a deleted branch end with SQLSTATE 57P01 and a message naming the branch. */
@ExtendWith(UpstreamExtension.class)
class BranchDeletionTest {
    private static BranchFixture f;

    @BeforeAll
    static void start(TestUpstream pg) throws Exception {
        f = BranchFixture.start(pg, "CREATE TABLE t (id int PRIMARY KEY)", "INSERT INTO t VALUES (1)");
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    @Test
    void deletingABranchEndsItsOpenSessionsWith57P01() throws Exception {
        f.createBranch("doomed", null);
        try (Connection c = f.branch("doomed"); Statement st = c.createStatement()) {
            assertEquals(1, NestedBranchTest.count(st, "SELECT count(*) FROM t"));
            f.rift.engine().deleteBranch("doomed", false);
            SQLException e = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (e == null && System.nanoTime() < deadline) {
                try {
                    st.executeQuery("SELECT 1").close();
                    Thread.sleep(50);
                } catch (SQLException ended) {
                    e = ended;
                }
            }
            assertTrue(e != null, "the session should have been ended");
            assertEquals("57P01", e.getSQLState(), e.getMessage());
            assertTrue(e.getMessage().contains("\"doomed\""), e.getMessage());
        }
        SQLException reconnect = assertThrows(SQLException.class, () -> f.branch("doomed"));
        assertEquals("3D000", reconnect.getSQLState());
    }
}
