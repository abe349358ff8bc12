package dev.rift.router.sql;

import dev.rift.cow.TableId;
import dev.rift.router.sql.Token.Kind;

import java.util.Set;

/**
 * A statement that carries a query: {@code EXPLAIN [options] query}, {@code DECLARE c CURSOR FOR query},
 * {@code COPY (query) TO ...}. The query is rewritten like any other; the text around it stays.
 */
final class WrappedQuery implements StatementPlan {
    private final String prefix;
    private final String suffix;
    private final QueryStatement query;

    private WrappedQuery(String sql, int begin, int end, QueryStatement query) {
        this.prefix = sql.substring(0, begin);
        this.suffix = sql.substring(end);
        this.query = query;
    }

    /** {@code EXPLAIN}: writes are EXPLAINed without their preludes; EXPLAIN ANALYZE of a write is refused. */
    static StatementPlan explain(Tokens t, StatementParser parser, Resolver resolver) {
        int k = 1;
        boolean analyze = false;
        if (t.is(k, Kind.LPAREN) && t.matching(k) > 0) {
            for (int[] option : Assignments.splitAtCommas(t, k + 1, t.matching(k), 1)) {
                if (t.is(option[0], "analyze") || t.is(option[0], "analyse")) {
                    analyze = option[1] - option[0] == 1 || !(t.is(option[0] + 1, "false")
                            || t.is(option[0] + 1, "off") || t.is(option[0] + 1, Kind.NUMBER)
                            && t.get(option[0] + 1).value().equals("0"));
                }
            }
            k = t.matching(k) + 1;
        } else {
            while (t.is(k, "analyze") || t.is(k, "analyse") || t.is(k, "verbose")) {
                analyze |= !t.is(k, "verbose");
                k++;
            }
        }
        if (!startsQuery(t, k)) {
            throw Refusal.unsupported("EXPLAIN of this statement is not supported on overlay branches yet");
        }
        QueryStatement query = new QueryStatement(t.sql.substring(t.beginOf(k)), parser, resolver, !analyze);
        if (analyze && query.writes()) {
            throw Refusal.unsupported("EXPLAIN ANALYZE of INSERT, UPDATE or DELETE is not supported on overlay "
                    + "branches yet");
        }
        return new WrappedQuery(t.sql, t.beginOf(k), t.sql.length(), query);
    }

    /** {@code DECLARE name ... CURSOR [WITH[OUT] HOLD] FOR query}. */
    static StatementPlan declare(Tokens t, StatementParser parser, Resolver resolver) {
        int cursor = t.find(1, t.size(), 0, "cursor");
        int k = cursor + 1;
        if ((t.is(k, "with") || t.is(k, "without")) && t.is(k + 1, "hold")) {
            k += 2;
        }
        if (cursor < 0 || !t.is(k, "for") || !startsQuery(t, k + 1)) {
            throw Refusal.unsupported("rift cannot read this DECLARE");
        }
        QueryStatement query = new QueryStatement(t.sql.substring(t.beginOf(k + 1)), parser, resolver, false);
        if (query.writes()) {
            throw Refusal.unsupported("DECLARE of a cursor over a write is not supported on overlay branches");
        }
        return new WrappedQuery(t.sql, t.beginOf(k + 1), t.sql.length(), query);
    }

    /** {@code COPY (query) TO ...}; the query's writes (INSERT ... RETURNING) get their preludes. */
    static StatementPlan copy(Tokens t, int open, StatementParser parser, Resolver resolver) {
        int close = t.matching(open);
        QueryStatement query = new QueryStatement(t.sql.substring(t.endOf(open), t.beginOf(close)), parser,
                resolver, false);
        return new WrappedQuery(t.sql, t.endOf(open), t.beginOf(close), query);
    }

    private static boolean startsQuery(Tokens t, int k) {
        return t.is(k, Kind.LPAREN) || t.is(k, "select") || t.is(k, "with") || t.is(k, "values") || t.is(k, "table")
                || t.is(k, "insert") || t.is(k, "update") || t.is(k, "delete");
    }

    @Override
    public Set<TableId> tablesToWrite() {
        return query.tablesToWrite();
    }

    @Override
    public Set<TableId> sequencesToUse() {
        return query.sequencesToUse();
    }

    @Override
    public Rendering render(RenderContext context) {
        Rendering inner = query.render(context);
        return inner.changed() ? inner.prefixed(prefix).suffixed(suffix) : inner;
    }
}
