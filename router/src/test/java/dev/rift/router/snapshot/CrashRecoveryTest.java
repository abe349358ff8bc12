package dev.rift.router.snapshot;

import dev.rift.router.AutoCreate;
import dev.rift.storage.pool.Postmaster;
import dev.rift.storage.pool.SnapshotPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.time.Duration;
import java.util.List;

import static dev.rift.router.snapshot.SnapshotRoutingTest.exec;
import static dev.rift.router.snapshot.SnapshotRoutingTest.one;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a killed {@code rift serve} leaves behind, and what the next one does with it: a branch's
 * postmaster still running (adopted: served as it is, and stopped by the new server), a clone no
 * branch records (a create cut short: destroyed), and a branch whose volume is gone (a delete cut
 * short: forgotten). The leftovers are made with a second handle on the pool, as the dead process's.
 */
class CrashRecoveryTest {

    private SnapshotFixture f;

    @BeforeEach
    void start() throws Exception {
        f = SnapshotFixture.create("create table t(id int primary key)", "insert into t values (1), (2)");
    }

    @AfterEach
    void stop() throws Exception {
        f.close();
    }

    @Test
    void aRestartedServerAdoptsRunningPostmastersAndCleansUpHalfMadeAndHalfDeletedBranches() throws Exception {
        SnapshotPool killed = SnapshotPool.open(f.dir.toString());
        Postmaster main = killed.start("main");
        killed.create("left-running", null);
        Postmaster orphan = killed.start("left-running");
        killed.driver().clone(killed.driver().volume("main"), "half-made");
        killed.create("half-deleted", null);
        killed.driver().destroy(killed.driver().volume("half-deleted"));

        f.serve(AutoCreate.OFF, Duration.ofMinutes(15));

        SnapshotPool.Recovery r = f.server.recovery();
        assertEquals(List.of("left-running", "main"), r.adopted());
        assertTrue(main.isRunning(), "a clone's copy of main's postmaster.pid must not be taken for a postmaster of its own");
        assertEquals(List.of("half-deleted"), r.forgotten());
        assertEquals(List.of("half-made"), r.destroyed());
        assertTrue(f.pool.driver().find("half-made").isEmpty());
        assertFalse(f.pool.state().has("half-deleted"));

        try (Connection c = f.connect("left-running")) {
            exec(c, "insert into t values (3)");
            assertEquals(3, one(c, "select count(*) from t"));
            assertEquals(orphan.port(), one(c, "select inet_server_port()"), "served by the adopted postmaster");
        }
        assertTrue(orphan.isRunning());

        f.server.close();
        f.server = null;
        assertFalse(orphan.isRunning(), "the server stops the postmasters it adopted when it stops");
        assertFalse(main.isRunning());
    }
}
