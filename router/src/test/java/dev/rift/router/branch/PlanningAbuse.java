package dev.rift.router.branch;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.fail;

/** Statements that are hard to plan, and a look at the threads that plan them. */
final class PlanningAbuse {
    private static final String PLANNER_THREADS = "rift-planner-";

    private PlanningAbuse() {}

    static String nested(int n, String open, String inner, String close) {
        return open.repeat(n) + inner + close.repeat(n);
    }

    /** Nested within rift's limit, but so many times over that JSqlParser alone would take tens of seconds. */
    static String slowToParse(String column, String table, int groups) {
        return "SELECT " + (nested(200, "(", column, ")") + " + ").repeat(groups) + "1 FROM " + table;
    }

    /** rift's planning threads that are running now rather than waiting for work. */
    static List<String> busyPlanners() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith(PLANNER_THREADS) && t.getState() == Thread.State.RUNNABLE)
                .map(Thread::getName).sorted().collect(Collectors.toList());
    }

    static void awaitNoBusyPlanner(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        int idleSeen = 0;
        while (idleSeen < 2) { // twice in a row: a thread between two tasks is briefly runnable
            List<String> busy = busyPlanners();
            idleSeen = busy.isEmpty() ? idleSeen + 1 : 0;
            if (idleSeen == 0 && System.nanoTime() > deadline) {
                fail("planning threads still busy after " + limit + ": " + busy);
            }
            Thread.sleep(50);
        }
    }

    static void awaitBusyPlanner(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (busyPlanners().isEmpty()) {
            if (System.nanoTime() > deadline) {
                fail("no planning thread got busy within " + limit);
            }
            Thread.sleep(10);
        }
    }
}
