package dev.rift.router.sql;

import java.time.Duration;

/**
 * How much work rift spends understanding statements on overlay branches, and on how many threads. JSqlParser's
 * time grows faster than the nesting of what it parses and it recurses once per level, so depth and length are
 * checked on the tokens before it runs, and its running time has a budget per plan; past any of them the statement
 * is refused with SQLSTATE 54001 ({@link StatementTooComplex}). Plans are made off the event loops on
 * {@code threads} threads, of which one branch's sessions hold at most {@code threadsPerBranch}, with at most
 * {@code queuePerBranch} more waiting (beyond that a statement is refused with 53000), so no branch can starve
 * another.
 *
 * @param maxNesting       the deepest nesting of parentheses, brackets and CASE ... END a parsed statement may have
 * @param maxParsedLength  the longest statement text (in characters) rift parses
 * @param parseTimeout     how long JSqlParser may run for one plan (all statements of a query string together)
 * @param threads          threads that make plans, for all branches
 * @param threadsPerBranch how many of them one branch's statements may hold at once
 * @param queuePerBranch   how many statements of one branch may wait for a thread
 */
public record PlanningLimits(int maxNesting, int maxParsedLength, Duration parseTimeout, int threads,
                             int threadsPerBranch, int queuePerBranch) {
    public static final int DEFAULT_MAX_NESTING = 200;
    public static final int DEFAULT_MAX_PARSED_LENGTH = 1024 * 1024;
    public static final Duration DEFAULT_PARSE_TIMEOUT = Duration.ofSeconds(2);
    public static final int DEFAULT_THREADS = 8;
    public static final int DEFAULT_THREADS_PER_BRANCH = 4;
    public static final int DEFAULT_QUEUE_PER_BRANCH = 256;
    public static final PlanningLimits DEFAULTS = new PlanningLimits(DEFAULT_MAX_NESTING, DEFAULT_MAX_PARSED_LENGTH,
            DEFAULT_PARSE_TIMEOUT, DEFAULT_THREADS, DEFAULT_THREADS_PER_BRANCH, DEFAULT_QUEUE_PER_BRANCH);

    public PlanningLimits {
        if (maxNesting < 16) {
            throw new IllegalArgumentException("the planning nesting limit must be at least 16");
        }
        if (maxParsedLength < 1024) {
            throw new IllegalArgumentException("the planning length limit must be at least 1024 characters");
        }
        if (parseTimeout.isNegative() || parseTimeout.isZero()) {
            throw new IllegalArgumentException("the parse timeout must be positive");
        }
        if (threads < 1 || threadsPerBranch < 1 || threadsPerBranch > threads || queuePerBranch < 1) {
            throw new IllegalArgumentException("planning needs at least one thread, at most all of them per branch,"
                    + " and room for one waiting statement per branch");
        }
    }

    public PlanningLimits withParseTimeout(Duration timeout) {
        return new PlanningLimits(maxNesting, maxParsedLength, timeout, threads, threadsPerBranch, queuePerBranch);
    }

    public PlanningLimits withQueuePerBranch(int waiting) {
        return new PlanningLimits(maxNesting, maxParsedLength, parseTimeout, threads, threadsPerBranch, waiting);
    }

    public PlanningLimits withThreads(int all, int perBranch) {
        return new PlanningLimits(maxNesting, maxParsedLength, parseTimeout, all, perBranch, queuePerBranch);
    }
}
