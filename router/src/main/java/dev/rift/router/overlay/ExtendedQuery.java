package dev.rift.router.overlay;

import dev.rift.cow.ColumnOrigins;
import dev.rift.cow.catalog.CatalogRedirects;
import dev.rift.pgwire.Frame;
import dev.rift.pgwire.message.Bind;
import dev.rift.pgwire.message.Close;
import dev.rift.pgwire.message.Describe;
import dev.rift.pgwire.message.Execute;
import dev.rift.pgwire.message.Parse;
import dev.rift.router.metrics.ProxyMetrics;
import io.netty.buffer.ByteBuf;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The extended-query messages of an overlay session: its prepared statements and portals as rift prepared them, each
 * statement's hidden preludes prepared under names of rift's own and bound before the client's Bind, and a statement
 * prepared again when the branch changed since.
 */
final class ExtendedQuery {
    private static final String HIDDEN_PREFIX = CatalogRedirects.HIDDEN_STATEMENT_PREFIX;

    /** Runs {@code then} with the plan of an extended-protocol text, as {@link OverlayPipeline} plans. */
    interface Planning {
        void withPlan(String sql, String unreadable, ByteBuf frame, Consumer<Plan> then);
    }

    private final UpstreamSender upstream;
    private final TransactionEffects transaction;
    private final StatementPlanner planner;
    private final String branch;
    private final ServerReading reading;
    private final ProxyMetrics metrics;
    private final Planning planning;
    private final Map<String, PreparedStatement> statements = new HashMap<>();
    private final Map<String, PreparedStatement> portals = new HashMap<>();
    private int hiddenCounter;

    ExtendedQuery(UpstreamSender upstream, TransactionEffects transaction, StatementPlanner planner, String branch,
                  ServerReading reading, ProxyMetrics metrics, Planning planning) {
        this.upstream = upstream;
        this.transaction = transaction;
        this.planner = planner;
        this.branch = branch;
        this.reading = reading;
        this.metrics = metrics;
        this.planning = planning;
    }

    void parse(ByteBuf frame) {
        Parse parse = Parse.decode(frame);
        // Kept as read now: prepared again later (bind), it must mean the same under whatever settings then.
        String sql = reading.readable(parse.sql());
        ByteBuf body = Frame.body(frame);
        int nameEnd = body.indexOf(0, body.readableBytes(), (byte) 0);
        int sqlEnd = body.indexOf(nameEnd + 1, body.readableBytes(), (byte) 0);
        String unreadable = reading.unreadable(body.slice(nameEnd + 1, sqlEnd - nameEnd - 1), parse.sql());
        planning.withPlan(sql, unreadable, frame, plan -> {
            closeHidden(statements.remove(parse.name()));
            statements.put(parse.name(), prepare(parse.name(), sql, parse.parameterTypes(), plan, frame, false));
        });
    }

    /** Sends the Parse messages for a plan; {@code again} marks a re-prepare the client did not ask for. */
    private PreparedStatement prepare(String name, String sql, int[] types, Plan plan, ByteBuf original, boolean again) {
        List<String> hidden = new ArrayList<>();
        String tag = null;
        if (transaction.needsSettings(plan)) {
            upstream.write(new Parse("", plan.settings(), new int[0]), Expectation.hidden(Expectation.Kind.PARSE));
            upstream.write(new Bind("", "", new short[0], new byte[0][], new short[0]),
                    Expectation.hidden(Expectation.Kind.BIND));
            upstream.write(new Execute("", 0), Expectation.hidden(Expectation.Kind.EXECUTE));
        }
        switch (plan.kind()) {
            case PASS_THROUGH -> {
                if (original != null) {
                    upstream.send(original.retain(), Expectation.visible(Expectation.Kind.PARSE));
                } else {
                    upstream.write(new Parse(name, sql, types), parseExpectation(again));
                }
            }
            case REFUSED -> upstream.write(new Parse(name, plan.refusalSql(), new int[0]), parseExpectation(again));
            case REWRITTEN -> {
                for (Plan.Step step : plan.steps()) {
                    if (step.hidden()) {
                        String hiddenName = HIDDEN_PREFIX + (++hiddenCounter);
                        upstream.write(new Parse(hiddenName, step.sql(), types),
                                Expectation.hidden(Expectation.Kind.PARSE));
                        hidden.add(hiddenName);
                    } else {
                        upstream.write(new Parse(name, step.sql(), types), parseExpectation(again));
                        tag = step.tagOverride();
                    }
                }
            }
        }
        return new PreparedStatement(name, sql, types, plan.version(), hidden, plan.kind() == Plan.Kind.REFUSED, tag,
                plan);
    }

    private static Expectation parseExpectation(boolean again) {
        return again ? Expectation.hidden(Expectation.Kind.PARSE) : Expectation.visible(Expectation.Kind.PARSE);
    }

    void bind(ByteBuf frame) {
        Bind.Names bind = Bind.names(frame);
        PreparedStatement p = statements.get(bind.statement());
        if (p == null || p.version() == planner.knownVersion(branch)) {
            bind(frame, bind, p);
            return;
        }
        // The branch changed since this statement was prepared (e.g. a table gained overlay rows):
        // prepare it again under the same name before binding, so it reads what the branch holds now.
        planning.withPlan(p.sql(), reading.unreadable(null, p.sql()), frame, plan -> {
            closeHidden(p);
            if (!p.name().isEmpty()) {
                upstream.write(new Close(Close.STATEMENT, p.name()), Expectation.hidden(Expectation.Kind.CLOSE));
            }
            PreparedStatement again = prepare(p.name(), p.sql(), p.parameterTypes(), plan, null, true);
            statements.put(p.name(), again);
            bind(frame.retain(), bind, again);
        });
    }

    /** Binds {@code frame} (consumed) after the hidden preludes of its statement. */
    private void bind(ByteBuf frame, Bind.Names bind, PreparedStatement p) {
        if (p != null) {
            transaction.running(p.plan(), p.sql());
            metrics.planned(p.plan().kind());
            // The parameter values are copied only when a hidden prelude must be bound with them too.
            Bind values = p.hiddenStatements().isEmpty() ? null : Bind.decode(frame);
            for (String hidden : p.hiddenStatements()) {
                upstream.write(new Bind("", hidden, values.parameterFormats(), values.parameterValues(), new short[0]),
                        Expectation.hidden(Expectation.Kind.BIND));
                upstream.write(new Execute("", 0), Expectation.hidden(Expectation.Kind.EXECUTE));
            }
            portals.put(bind.portal(), p);
        } else {
            metrics.planned(Plan.Kind.PASS_THROUGH); // a statement rift did not see prepared: sent as it is
            portals.remove(bind.portal());
        }
        if (p != null && p.refused()) {
            // The refusal statement takes no parameters; PostgreSQL raises the refusal at Execute.
            frame.release();
            upstream.write(new Bind(bind.portal(), bind.statement(), new short[0], new byte[0][], new short[0]),
                    Expectation.visible(Expectation.Kind.BIND));
        } else {
            upstream.send(frame, Expectation.visible(Expectation.Kind.BIND));
        }
    }

    /** An Execute answers with its statement's command tag, or the one its rewrite asks for. */
    void execute(ByteBuf frame) {
        PreparedStatement p = portals.get(Execute.decode(frame).portal());
        String tag = p == null ? null : p.tagOverride();
        upstream.send(frame, new Expectation(Expectation.Kind.EXECUTE, false, tag));
    }

    /** A Describe's RowDescription names the tables a copy would, for the statement's or portal's plan. */
    void describe(ByteBuf frame) {
        Describe describe = Describe.decode(frame);
        PreparedStatement p = describe.kind() == Describe.STATEMENT ? statements.get(describe.name())
                : portals.get(describe.name());
        upstream.send(frame, new Expectation(Expectation.Kind.DESCRIBE, false, null,
                p == null ? ColumnOrigins.NONE : p.plan().origins()));
    }

    void close(ByteBuf frame) {
        Close close = Close.decode(frame);
        if (close.kind() == Close.STATEMENT) {
            closeHidden(statements.remove(close.name()));
        } else {
            portals.remove(close.name());
        }
        upstream.send(frame, Expectation.visible(Expectation.Kind.CLOSE));
    }

    /**
     * The client ran DEALLOCATE ALL or DISCARD ALL: PostgreSQL dropped every named statement, rift's hidden ones with
     * them. The client's named statements are forgotten, so a Bind of one meets PostgreSQL's own 26000 as on a copy;
     * the unnamed statement survives, so its preludes are prepared again at its next Bind.
     */
    void deallocatedAll() {
        PreparedStatement unnamed = statements.get("");
        statements.clear();
        if (unnamed != null) {
            statements.put("", unnamed.hiddenStatements().isEmpty() ? unnamed : unnamed.stale());
        }
    }

    private void closeHidden(PreparedStatement p) {
        if (p == null) {
            return;
        }
        for (String hidden : p.hiddenStatements()) {
            upstream.write(new Close(Close.STATEMENT, hidden), Expectation.hidden(Expectation.Kind.CLOSE));
        }
    }
}
