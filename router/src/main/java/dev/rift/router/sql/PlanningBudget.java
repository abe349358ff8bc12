package dev.rift.router.sql;

import net.sf.jsqlparser.parser.CCJSqlParser;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The limits of one plan, and the means to stop it: the thread that plans runs inside {@link #run}, where the
 * parser finds its budget without every planning class handing it down. A parse is stopped through its
 * {@code interrupted} flag ({@link StoppableParser}), and whatever it produced is thrown away here. The flag is set
 * when the parse time runs out (by {@code timer}) or when the plan is {@linkplain #abandon abandoned} (its client
 * left).
 */
public final class PlanningBudget {
    private static final ThreadLocal<PlanningBudget> CURRENT = new ThreadLocal<>();

    private final PlanningLimits limits;
    private final ScheduledExecutorService timer;
    private volatile String abandoned;
    private volatile CCJSqlParser running;
    /** Parse time spent so far; only the planning thread touches it. */
    private long spentNanos;

    /** @param timer interrupts a parse that outlives the budget; null to find out only when the parse ends */
    public PlanningBudget(PlanningLimits limits, ScheduledExecutorService timer) {
        this.limits = limits;
        this.timer = timer;
    }

    /** Runs {@code work} (on the calling thread) within this budget. */
    public <T> T run(Supplier<T> work) {
        PlanningBudget outer = CURRENT.get();
        CURRENT.set(this);
        try {
            return work.get();
        } finally {
            if (outer == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(outer);
            }
        }
    }

    /** Stops the plan: a parse running now ends soon, and any later one at once, with {@link StatementTooComplex}. */
    public void abandon(String why) {
        abandoned = why;
        CCJSqlParser p = running;
        if (p != null) {
            p.interrupted = true;
        }
    }

    /** The budget of the plan this thread is making; a fresh default one outside {@link #run}. */
    static PlanningBudget current() {
        PlanningBudget b = CURRENT.get();
        return b != null ? b : new PlanningBudget(PlanningLimits.DEFAULTS, null);
    }

    PlanningLimits limits() {
        return limits;
    }

    /** Refuses a statement past the limits rift can check before parsing it. */
    void admit(Tokens tokens) {
        String why = abandoned;
        if (why != null) {
            throw new StatementTooComplex(why);
        }
        if (tokens.sql.length() > limits.maxParsedLength()) {
            throw new StatementTooComplex("longer than " + limits.maxParsedLength() + " characters");
        }
        if (nesting(tokens) > limits.maxNesting()) {
            throw new StatementTooComplex("nesting deeper than " + limits.maxNesting());
        }
        if (spentNanos >= limits.parseTimeout().toNanos()) {
            throw new StatementTooComplex(overtime());
        }
    }

    /**
     * Runs one parse under the budget: interrupted when the plan's parse time runs out or it is abandoned, and then
     * refused whatever the parser returned.
     */
    <T, E extends Exception> T parse(CCJSqlParser parser, Parse<T, E> parse) throws E {
        long start = System.nanoTime();
        long left = limits.parseTimeout().toNanos() - spentNanos;
        running = parser;
        if (abandoned != null) {
            parser.interrupted = true; // abandoned before the parser was registered
        }
        ScheduledFuture<?> alarm = null;
        if (timer != null) {
            try {
                alarm = timer.schedule(() -> parser.interrupted = true, left, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                parser.interrupted = true; // rift is shutting down
            }
        }
        T result;
        try {
            result = parse.run();
        } catch (StoppableParser.Stopped e) {
            result = null; // refused below, as abandoned or out of time
        } catch (StackOverflowError e) {
            // PostgreSQL's own answer to an expression nested past its stack, with the same SQLSTATE
            throw new StatementTooComplex("nesting too deep for rift's parser (stack depth limit exceeded)");
        } finally {
            running = null;
            if (alarm != null) {
                alarm.cancel(false);
            }
            spentNanos += System.nanoTime() - start;
            if (abandoned != null) {
                throw new StatementTooComplex(abandoned);
            }
            if (parser.interrupted || spentNanos > limits.parseTimeout().toNanos()) {
                throw new StatementTooComplex(overtime());
            }
        }
        return result;
    }

    /** One parse, which may fail as the parser does. */
    interface Parse<T, E extends Exception> {
        T run() throws E;
    }

    private String overtime() {
        Duration d = limits.parseTimeout();
        return "parsing took longer than " + (d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms");
    }

    /**
     * The deepest nesting of parentheses, brackets and CASE ... END in the statement: what JSqlParser recurses on,
     * and what makes its time grow faster than the text.
     */
    static int nesting(Tokens t) {
        int depth = 0;
        int max = 0;
        int openCases = 0;
        for (int i = 0; i < t.size(); i++) {
            Token token = t.get(i);
            switch (token.kind()) {
                case LPAREN, LBRACKET -> max = Math.max(max, ++depth);
                case RPAREN, RBRACKET -> depth = Math.max(0, depth - 1);
                case IDENT -> {
                    if (token.is("case")) {
                        openCases++;
                        max = Math.max(max, ++depth);
                    } else if (token.is("end") && openCases > 0) {
                        openCases--;
                        depth = Math.max(0, depth - 1);
                    }
                }
                default -> {
                }
            }
        }
        return max;
    }
}
