package dev.rift.router.snapshot;

import dev.rift.router.AutoCreate;
import dev.rift.storage.pool.Postmaster;
import dev.rift.testsupport.Await;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.time.Duration;

import static dev.rift.router.snapshot.SnapshotRoutingTest.exec;
import static dev.rift.router.snapshot.SnapshotRoutingTest.one;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The idle reaper (here with a 2 s idle period): idle postmasters stop, the next connection wakes them. */
class ScaleToZeroTest {

    private static final Duration IDLE = Duration.ofSeconds(2);
    private static SnapshotFixture f;

    @BeforeAll
    static void start() throws Exception {
        f = SnapshotFixture.create("create table counters(id int primary key, n int not null)",
                "insert into counters values (1, 0)");
        f.serve(AutoCreate.OFF, IDLE);
    }

    @AfterAll
    static void stop() throws Exception {
        f.close();
    }

    @Test
    void anIdleBranchStopsAndTheNextConnectionStartsItAgainWithItsDataKept() throws Exception {
        f.pool.create("sleepy", null);
        Postmaster first;
        try (Connection c = f.connect("sleepy")) {
            exec(c, "update counters set n = 41 where id = 1");
            first = f.pool.running("sleepy").orElseThrow();
        }

        Await.until("the idle postmaster of sleepy stops", IDLE.multipliedBy(5), () -> !first.isRunning());
        assertTrue(f.pool.running("sleepy").isEmpty());

        try (Connection c = f.connect("sleepy")) {
            exec(c, "update counters set n = n + 1 where id = 1");
            assertEquals(42, one(c, "select n from counters where id = 1"), "the branch's data persists");
        }
        assertNotEquals(first.pid(), f.pool.running("sleepy").orElseThrow().pid(), "a new postmaster served it");
    }

    @Test
    void aBranchWithAnOpenSessionKeepsRunningPastTheIdlePeriod() throws Exception {
        f.pool.create("busy", null);
        try (Connection c = f.connect("busy")) {
            long idleEnds = System.nanoTime() + IDLE.toNanos(); // the connection was routed before now
            Postmaster p = f.pool.running("busy").orElseThrow();
            // An idle session is still a session: let the reaper make two whole passes after the idle period.
            IdleReaper reaper = f.server.reaper();
            Await.until("a reaper pass begun after the idle period", IDLE.multipliedBy(5),
                    () -> reaper.lastPass() != null && reaper.lastPass().startedAfter(idleEnds));
            long first = reaper.lastPass().number();
            Await.until("another reaper pass", IDLE.multipliedBy(5), () -> reaper.lastPass().number() > first);
            assertTrue(p.isRunning(), "a postmaster with a session must not be stopped");
            assertEquals(0, one(c, "select n from counters where id = 1"));
        }
    }
}
