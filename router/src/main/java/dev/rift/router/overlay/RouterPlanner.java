package dev.rift.router.overlay;

import dev.rift.router.sql.DdlEffects;
import dev.rift.router.sql.PendingState;

import dev.rift.cow.BranchState;
import dev.rift.cow.ColumnOrigins;
import dev.rift.cow.Overlay;
import dev.rift.router.sql.Decision;
import dev.rift.router.sql.RewriteCache;
import dev.rift.router.sql.SessionView;
import dev.rift.router.sql.StatementTooComplex;
import dev.rift.router.sql.StatementRouter;
import dev.rift.router.sql.TableShapes;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Plans overlay statements with the {@link StatementRouter} and its cache. Keeps, per branch, the
 * latest state this process has seen, so the event loop can ask for a cached plan or compare
 * versions without ever blocking; a change heard from any rift process drops that state, and the
 * next plan reads it again.
 */
public final class RouterPlanner implements StatementPlanner {
    /** How rift's DDL statements (sql.DdlStatement) open their hidden DO block. */

    private final Overlay overlay;
    private final TableShapes shapes;
    private final RewriteCache cache;
    private final ConcurrentHashMap<String, Known> current = new ConcurrentHashMap<>();
    private final SessionSettings settings = new SessionSettings();

    /** A branch state and the origins of its layer relations' columns, both read off the event loop. */
    private record Known(BranchState state, ColumnOrigins origins) {
    }

    public RouterPlanner(Overlay overlay, TableShapes shapes) {
        this.overlay = overlay;
        this.shapes = shapes;
        this.cache = new RewriteCache(new StatementRouter());
    }

    /** A branch changed somewhere: its state must be read again before the next plan. */
    public void changed(String branch) {
        current.remove(branch);
    }

    /** Everything may have changed unheard. */
    public void forgetAll() {
        current.clear();
    }

    @Override
    public Plan cached(String sql, Context context, long version) {
        Known known = current.get(context.branch());
        if (known == null || known.state().version() != version || !context.pending().isEmpty()) {
            return null; // a session with DDL in its open transaction sees more than the committed state
        }
        BranchState state = known.state();
        Decision d = cache.cached(sql, view(context, state));
        return d == null ? null : toPlan(d, state.version()).with(DdlEffects.NONE, settings.of(state, context))
                .withOrigins(known.origins());
    }

    @Override
    public Plan plan(String sql, Context context) {
        BranchState before = overlay.state(context.branch());
        ColumnOrigins beforeOrigins = overlay.columnOrigins(before);
        current.put(context.branch(), new Known(before, beforeOrigins));
        Decision d;
        try {
            d = cache.decide(sql, view(context, PendingState.of(before, context.pending())));
        } catch (StatementTooComplex e) {
            return Plan.refused(e.sqlState(), e.getMessage(), before.version());
        } catch (StackOverflowError e) {
            // rift's own analysis recursed past its stack: PostgreSQL's answer to the same, not an internal error
            return Plan.refused(StatementTooComplex.SQLSTATE,
                    "statement too complex for rift to plan on a branch: stack depth limit exceeded", before.version());
        }
        // Preparing the statement's writes may have given the branch new layer tables: a new version.
        BranchState after = overlay.state(context.branch());
        ColumnOrigins origins = after == before ? beforeOrigins : overlay.columnOrigins(after);
        current.put(context.branch(), new Known(after, origins));
        DdlEffects effects = d instanceof Decision.Rewritten w ? w.effects() : DdlEffects.NONE;
        return toPlan(d, after.version()).with(effects,
                settings.of(PendingState.of(after, context.pending().then(effects)), context)).withOrigins(origins);
    }

    /** The rewrite cache, whose hits and misses the metrics report. */
    public RewriteCache cache() {
        return cache;
    }

    @Override
    public void ddlEnded(String branch) {
        current.remove(branch);
        overlay.forget(branch);
    }

    @Override
    public long knownVersion(String branch) {
        Known known = current.get(branch);
        return known == null ? -1 : known.state().version();
    }

    private SessionView view(Context c, BranchState state) {
        return new SessionView() {
            @Override
            public String branch() {
                return c.branch();
            }

            @Override
            public BranchState state() {
                return state;
            }

            @Override
            public List<String> searchPath() {
                return c.searchPath();
            }

            @Override
            public List<String> defaultSearchPath() {
                return StatementPlanner.DEFAULT_SEARCH_PATH;
            }

            @Override
            public String user() {
                return c.user();
            }

            @Override
            public Overlay overlay() {
                return overlay;
            }

            @Override
            public TableShapes shapes() {
                return shapes;
            }

            @Override
            public BranchState freshState() {
                return PendingState.of(overlay.state(c.branch()), c.pending());
            }

            @Override
            public boolean extendedProtocol() {
                return c.extended();
            }
        };
    }

    private static Plan toPlan(Decision d, long version) {
        List<String> path = d.searchPathChange().map(ch -> ch.path()).orElse(null);
        if (d instanceof Decision.PassThrough) {
            return Plan.passThrough(version, path);
        }
        if (d instanceof Decision.Refused r) {
            return Plan.refused(r.sqlState(), r.message(), version);
        }
        Decision.Rewritten w = (Decision.Rewritten) d;
        List<Plan.Step> steps = new ArrayList<>();
        for (Decision.Part p : w.parts()) {
            steps.add(new Plan.Step(p.sql(), p.hidden(), p.tagOverride().orElse(null), p.recordsDdl()));
        }
        Plan plan = Plan.rewritten(steps, version);
        return path == null ? plan : plan.withSearchPath(path);
    }
}
