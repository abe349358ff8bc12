package dev.rift.router.overlay;

import dev.rift.router.sql.PlanningLimits;
import dev.rift.testsupport.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One branch's plans hold at most their share of the planning threads and queue; other branches go on. */
class PlanningLanesTest {
    private static final Plan PLAN = Plan.passThrough(1, null);
    /** 4 threads, at most 2 per branch, at most 3 waiting per branch. */
    private final PlanningLanes lanes = new PlanningLanes(PlanningLimits.DEFAULTS.withThreads(4, 2)
            .withQueuePerBranch(3));
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger running = new AtomicInteger();

    @AfterEach
    void close() {
        release.countDown();
        lanes.close();
    }

    /** A plan that holds its thread until the test releases it. */
    private Supplier<Plan> blocked() {
        return () -> {
            running.incrementAndGet();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return PLAN;
        };
    }

    private static Plan result(PlanningLanes.Job job) throws Exception {
        return job.result().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aBranchHoldsAtMostItsShareOfThreadsAndOthersGoOn() throws Exception {
        List<PlanningLanes.Job> hostile = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            hostile.add(lanes.submit("hostile", blocked()));
        }
        Await.until("two jobs run", Duration.ofSeconds(10), () -> running.get() >= 2);
        Thread.sleep(100);
        assertEquals(2, running.get(), "threads the hostile branch holds");
        assertSame(PLAN, result(lanes.submit("calm", () -> PLAN)), "another branch is planned meanwhile");

        PlanningLanes.Job full = lanes.submit("hostile", () -> PLAN);
        ExecutionException e = assertThrows(ExecutionException.class, () -> result(full));
        PlanningLanes.LaneFull laneFull = assertInstanceOf(PlanningLanes.LaneFull.class, e.getCause());
        assertTrue(laneFull.getMessage().contains("branch \"hostile\" (3)"), laneFull.getMessage());

        release.countDown();
        for (PlanningLanes.Job job : hostile) {
            assertSame(PLAN, result(job));
        }
        assertEquals(5, running.get());
        Await.until("no lane is busy", Duration.ofSeconds(10), () -> lanes.busyLanes() == 0);
        assertEquals(0, lanes.busyLanes(), "lanes are dropped when they empty");
    }

    @Test
    void aCancelledWaitingPlanNeverRunsAndFreesItsPlace() throws Exception {
        lanes.submit("b", blocked());
        lanes.submit("b", blocked());
        Await.until("two jobs run", Duration.ofSeconds(10), () -> running.get() >= 2);
        AtomicInteger ran = new AtomicInteger();
        List<PlanningLanes.Job> waiting = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            waiting.add(lanes.submit("b", () -> {
                ran.incrementAndGet();
                return PLAN;
            }));
        }
        waiting.get(0).cancel();
        assertThrows(CancellationException.class, () -> result(waiting.get(0)));
        PlanningLanes.Job late = lanes.submit("b", () -> PLAN);
        assertFalse(late.result().isCompletedExceptionally(), "the cancelled plan's place in the queue is free");
        release.countDown();
        assertSame(PLAN, result(late));
        assertSame(PLAN, result(waiting.get(1)));
        assertSame(PLAN, result(waiting.get(2)));
        assertEquals(2, ran.get(), "the cancelled plan never ran");
    }
}
