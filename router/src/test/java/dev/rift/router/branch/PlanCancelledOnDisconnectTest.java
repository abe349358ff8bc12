package dev.rift.router.branch;

import dev.rift.router.sql.PlanningLimits;
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
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static dev.rift.router.branch.PlanningAbuse.awaitBusyPlanner;
import static dev.rift.router.branch.PlanningAbuse.awaitNoBusyPlanner;
import static dev.rift.router.branch.PlanningAbuse.slowToParse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client that leaves while its statement is being planned has the planning called off: with a parse deadline
 * far away, only the cancellation can free the planning thread within seconds.
 */
@ExtendWith(UpstreamExtension.class)
class PlanCancelledOnDisconnectTest {
    private static BranchFixture fixture;

    @BeforeAll
    static void start(TestUpstream pg) throws Exception {
        fixture = BranchFixture.start(pg, PlanningLimits.DEFAULTS.withParseTimeout(Duration.ofMinutes(10)),
                "CREATE TABLE items (id int PRIMARY KEY, v int NOT NULL)",
                "INSERT INTO items VALUES (1, 1)");
        fixture.createBranch("leaving", null);
        try (Connection c = fixture.branch("leaving"); Statement st = c.createStatement()) {
            st.execute("UPDATE items SET v = 2 WHERE id = 1"); // reads of items are now parsed and rewritten
        }
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void aClientThatDisconnectsMidPlanLeavesNoBusyThread() throws Exception {
        Connection leaving = fixture.branch("leaving", "simple");
        CompletableFuture<Void> statement = CompletableFuture.runAsync(() -> {
            try (Statement st = leaving.createStatement()) {
                st.execute(slowToParse("v", "items", 500));
            } catch (SQLException e) {
                // the connection is aborted under it
            }
        });
        awaitBusyPlanner(Duration.ofSeconds(10));
        Thread.sleep(500); // well into the plan
        leaving.abort(Runnable::run);
        awaitNoBusyPlanner(Duration.ofSeconds(10));
        statement.get();
        try (Connection c = fixture.branch("leaving"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT v FROM items")) {
            assertTrue(rs.next());
            assertEquals(2, rs.getInt(1), "the branch still serves its sessions");
        }
    }
}
