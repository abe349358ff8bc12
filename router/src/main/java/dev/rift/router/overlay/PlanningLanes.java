package dev.rift.router.overlay;

import dev.rift.router.sql.PlanningBudget;
import dev.rift.router.sql.PlanningLimits;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Where overlay statements are planned: a fixed set of threads shared by all branches, each branch a lane that
 * holds at most {@link PlanningLimits#threadsPerBranch()} of them and queues at most
 * {@link PlanningLimits#queuePerBranch()} plans. A lane that finished a plan goes to the back of the line before
 * its next one, so branches take turns, and hostile statements on one branch only slow that branch. Every plan
 * runs within its own {@link PlanningBudget}.
 */
public final class PlanningLanes implements AutoCloseable {
    /** Deep enough for JSqlParser at the nesting limit with room to spare; a deeper parse ends in 54001. */
    private static final long STACK_BYTES = 16L * 1024 * 1024;

    private final PlanningLimits limits;
    private final ExecutorService threads;
    private final ScheduledThreadPoolExecutor timer;
    private final ConcurrentHashMap<String, Lane> lanes = new ConcurrentHashMap<>();

    /**
     * A branch's queue of plans and how many threads it holds ({@code turns}), of which {@code scheduled} have not
     * yet taken their plan from the queue. Guarded by the map's lock on its key.
     */
    private static final class Lane {
        final ArrayDeque<Job> waiting = new ArrayDeque<>();
        int turns;
        int scheduled;

        /** Plans waiting with no thread on its way to them. */
        int queued() {
            return Math.max(0, waiting.size() - scheduled);
        }
    }

    /** A plan asked for: its result, and the means to call it off. */
    public static final class Job {
        private final CompletableFuture<Plan> result = new CompletableFuture<>();
        private final Supplier<Plan> work;
        private final PlanningBudget budget;
        private final Runnable unqueue;

        private Job(Supplier<Plan> work, PlanningBudget budget, Runnable unqueue) {
            this.work = work;
            this.budget = budget;
            this.unqueue = unqueue;
        }

        public CompletableFuture<Plan> result() {
            return result;
        }

        /** The client left: a waiting plan is dropped, a running one stops parsing (its database work finishes). */
        public void cancel() {
            budget.abandon("its client disconnected");
            if (result.cancel(false)) {
                unqueue.run();
            }
        }

        private void run() {
            if (result.isDone()) {
                return; // cancelled while it waited
            }
            try {
                result.complete(budget.run(work));
            } catch (Throwable e) {
                result.completeExceptionally(e);
                if (e instanceof VirtualMachineError vme && !(e instanceof StackOverflowError)) {
                    throw vme;
                }
            }
        }
    }

    /** A branch has too many statements waiting to be planned: SQLSTATE 53000 for the one that did not fit. */
    public static final class LaneFull extends RuntimeException {
        public static final String SQLSTATE = "53000";

        LaneFull(String branch, int limit) {
            super("too many statements waiting to be planned on branch \"" + branch + "\" (" + limit + ")", null,
                    false, false);
        }
    }

    public PlanningLanes(PlanningLimits limits) {
        this.limits = limits;
        this.threads = Executors.newFixedThreadPool(limits.threads(), threads("rift-planner-", STACK_BYTES));
        this.timer = new ScheduledThreadPoolExecutor(1, threads("rift-plan-timer-", 0));
        timer.setRemoveOnCancelPolicy(true);
    }

    public PlanningLimits limits() {
        return limits;
    }

    /** Plans on {@code branch}'s lane; the job's result fails with {@link LaneFull} when the lane's queue is. */
    public Job submit(String branch, Supplier<Plan> work) {
        Job[] job = new Job[1];
        job[0] = new Job(work, new PlanningBudget(limits, timer), () -> unqueue(branch, job[0]));
        boolean[] accepted = new boolean[1];
        boolean[] start = new boolean[1];
        lanes.compute(branch, (b, lane) -> {
            Lane l = lane == null ? new Lane() : lane;
            if (l.queued() < limits.queuePerBranch() || l.turns < limits.threadsPerBranch()) {
                l.waiting.addLast(job[0]);
                accepted[0] = true;
                if (l.turns < limits.threadsPerBranch()) {
                    l.turns++;
                    l.scheduled++;
                    start[0] = true;
                }
            }
            return l.waiting.isEmpty() && l.turns == 0 ? null : l;
        });
        if (!accepted[0]) {
            job[0].result.completeExceptionally(new LaneFull(branch, limits.queuePerBranch()));
        } else if (start[0]) {
            try {
                threads.execute(() -> turn(branch));
            } catch (RejectedExecutionException e) {
                job[0].result.completeExceptionally(e); // rift is shutting down
            }
        }
        return job[0];
    }

    /** How many lanes hold plans now (branches with statements waiting or being planned). */
    public int busyLanes() {
        return lanes.size();
    }

    @Override
    public void close() {
        threads.shutdownNow();
        timer.shutdownNow();
    }

    /** One turn of a branch's lane: its oldest plan, then the lane queues again behind the others. */
    private void turn(String branch) {
        Job[] next = new Job[1];
        lanes.computeIfPresent(branch, (b, lane) -> {
            lane.scheduled--;
            next[0] = lane.waiting.pollFirst();
            if (next[0] == null) {
                lane.turns--;
                return lane.turns == 0 ? null : lane;
            }
            return lane;
        });
        if (next[0] == null) {
            return;
        }
        try {
            next[0].run();
        } finally {
            lanes.computeIfPresent(branch, (b, lane) -> {
                lane.scheduled++;
                return lane;
            });
            try {
                threads.execute(() -> turn(branch));
            } catch (RejectedExecutionException e) {
                // rift is shutting down
            }
        }
    }

    private void unqueue(String branch, Job job) {
        lanes.computeIfPresent(branch, (b, lane) -> {
            lane.waiting.remove(job);
            return lane;
        });
    }

    private static ThreadFactory threads(String prefix, long stackBytes) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(null, r, prefix + n.incrementAndGet(), stackBytes);
            t.setDaemon(true);
            return t;
        };
    }
}
