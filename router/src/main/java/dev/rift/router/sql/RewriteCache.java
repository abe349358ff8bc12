package dev.rift.router.sql;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Decisions already made, so a repeated statement is never parsed twice: keyed by everything a decision depends
 * on (branch, the branch state's version, search_path, user, protocol, the text). Bounded; entries of old
 * versions simply age out. Decisions are immutable and shared between sessions.
 *
 * <p>Each lookup that ends a statement's planning is counted once, as a hit or a miss (docs/metrics.md): a miss of
 * the event-loop fast path ({@link #cached}) is not one, since {@link #decide} looks again and counts.
 */
public final class RewriteCache {
    public static final long DEFAULT_MAXIMUM_SIZE = 10_000;

    private record Key(String branch, long version, List<String> searchPath, List<String> defaultSearchPath,
                       String user, boolean extended, String sql) {}

    private final StatementRouter router;
    private final Cache<Key, Decision> decisions;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();

    public RewriteCache(StatementRouter router) {
        this(router, DEFAULT_MAXIMUM_SIZE);
    }

    public RewriteCache(StatementRouter router, long maximumSize) {
        this.router = router;
        this.decisions = Caffeine.newBuilder().maximumSize(maximumSize).build();
    }

    /** The cached decision for this text in this session's circumstances, making it on a miss (may block). */
    public Decision decide(String sql, SessionView session) {
        Decision cached = decisions.getIfPresent(key(sql, session, session.state().version()));
        if (cached != null) {
            hits.increment();
            return cached;
        }
        misses.increment();
        StatementRouter.Routed routed = router.route(sql, session);
        if (routed.cacheable()) {
            // Filed under the version the decision was made against: creating layer tables for the statement's
            // writes moves the branch to a new version, which is the one the next run of the statement sees.
            decisions.put(key(sql, session, routed.version()), routed.decision());
        }
        return routed.decision();
    }

    /** The cached decision, if there is one, without blocking (for the session's event-loop fast path). */
    public Decision cached(String sql, SessionView session) {
        Decision d = decisions.getIfPresent(key(sql, session, session.state().version()));
        if (d != null) {
            hits.increment();
        }
        return d;
    }

    /** Statements whose decision came from the cache. */
    public long hits() {
        return hits.sum();
    }

    /** Statements that had to be routed (parsed and decided), cacheable or not. */
    public long misses() {
        return misses.sum();
    }

    private static Key key(String sql, SessionView s, long version) {
        return new Key(s.branch(), version, s.searchPath(), s.defaultSearchPath(), s.user(), s.extendedProtocol(),
                sql);
    }
}
