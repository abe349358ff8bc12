package dev.rift.router.overlay;

import dev.rift.router.sql.BranchChannels;
import dev.rift.router.sql.DdlEffects;
import dev.rift.router.sql.FastPathCalls;

import dev.rift.cow.ColumnOrigins;
import dev.rift.cow.OverlayException;
import dev.rift.pgwire.Frame;
import dev.rift.pgwire.message.Bind;
import dev.rift.pgwire.message.Close;
import dev.rift.pgwire.message.Describe;
import dev.rift.pgwire.message.ErrorResponse;
import dev.rift.pgwire.message.Execute;
import dev.rift.pgwire.message.FunctionCall;
import dev.rift.pgwire.message.MessageType;
import dev.rift.pgwire.message.Parse;
import dev.rift.pgwire.message.Query;
import dev.rift.pgwire.message.SqlState;
import dev.rift.router.metrics.ProxyMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * The client-to-upstream half of a session on an overlay branch. Each statement is planned
 * (from the cache when it can be, else off the event loop, with the client's later messages held
 * in order meanwhile), then sent as it was, rewritten, or as a refusal PostgreSQL raises itself.
 * Every message sent is registered with the {@link ResponseFilter}, which keeps the client's view
 * of the conversation exactly as if rift's own statements were never there.
 */
public final class OverlayPipeline {
    private static final Logger log = LoggerFactory.getLogger(OverlayPipeline.class);
    private static final String HIDDEN_PREFIX = "__rift_";
    private static final String DDL_LOG = "DO $rift_ddl$";

    private final Channel client;
    private final Channel upstream;
    private final StatementPlanner planner;
    private final PlanningLanes planning;
    /** The plan being made off the event loop, called off if the client leaves. */
    private PlanningLanes.Job planningJob;
    private final String branch;
    private final String user;
    private final ResponseFilter responses;
    private final ArrayDeque<ByteBuf> held = new ArrayDeque<>();
    private final Map<String, PreparedStatement> statements = new HashMap<>();
    private final Map<String, PreparedStatement> portals = new HashMap<>();
    private List<String> searchPath;
    /** DDL effects of the open transaction, which rift's own connection cannot see yet (docs/ddl.md). */
    private DdlEffects pending = DdlEffects.NONE;
    private final SavepointEffects savepoints = new SavepointEffects();
    private boolean ddlInTransaction;
    /** The settings statement last sent, or null when the session's settings are not known to be in place. */
    private String settingsSent;
    private boolean settingsAtRisk;
    /** The transaction status of the last ReadyForQuery: 'I' idle, 'T' in a transaction, 'E' in a failed one. */
    private byte transaction = 'I';
    private boolean busy;
    /** A client's text waits for the statements in flight to finish, so the server's reading of it is known. */
    private boolean awaitingReading;
    private boolean closed;
    private int hiddenCounter;

    private final Runnable branchGone;
    private final ProxyMetrics metrics;
    private final ServerReading reading;
    private final Consumer<ErrorResponse> end;

    /**
     * @param branchGone ends the session (SQLSTATE 57P01) when planning finds the branch deleted, as the notice of
     *                   the deletion would a moment later
     * @param metrics    counts each statement sent to run by its plan's kind
     * @param reading    the server's settings as reported up to the session's first ReadyForQuery
     * @param end        ends the session with this FATAL
     */
    public OverlayPipeline(Channel client, Channel upstream, StatementPlanner planner, PlanningLanes planning,
                           String branch, String user, List<String> searchPath, Runnable branchGone,
                           ProxyMetrics metrics, ServerReading reading, Consumer<ErrorResponse> end) {
        this.branchGone = branchGone;
        this.metrics = metrics;
        this.reading = reading;
        this.end = end;
        this.client = client;
        this.upstream = upstream;
        this.planner = planner;
        this.planning = planning;
        this.branch = branch;
        this.responses = new ResponseFilter(BranchChannels.prefix(branch));
        this.user = user;
        this.searchPath = List.copyOf(searchPath);
    }

    /** A frame from the client, in order; held while an earlier statement is being planned. */
    public void fromClient(ByteBuf frame) {
        if (busy || awaitingReading) {
            held.addLast(frame);
        } else {
            handle(frame);
        }
    }

    /** A frame from the upstream: returns what to forward to the client, or null. */
    public ByteBuf fromUpstream(ByteBuf frame) {
        if (Frame.type(frame) == MessageType.READY_FOR_QUERY) {
            transactionStatus(frame.getByte(frame.readerIndex() + 5));
            reading.readyForQuery();
            if (awaitingReading && reading.settled()) {
                // Runs before this ReadyForQuery is forwarded; the held text goes upstream after it either way.
                awaitingReading = false;
                client.eventLoop().execute(() -> {
                    drain();
                    upstream.flush();
                });
            }
        } else if (Frame.type(frame) == MessageType.PARAMETER_STATUS) {
            reading.parameterStatus(frame);
            if (ClientEncodings.unsafe(reading.clientEncoding())) {
                // The texts that follow would be read in an encoding rift does not follow (ClientEncodings).
                frame.release();
                closed = true;
                end.accept(ClientEncodings.refusal(reading.clientEncoding()));
                return null;
            }
        } else if (Frame.type(frame) == MessageType.ERROR_RESPONSE && settingsSent != null) {
            // In the extended protocol the settings ran in the same implicit transaction, which this error undoes.
            settingsAtRisk = true;
        }
        return responses.filter(frame, client.alloc());
    }

    /**
     * At the end of a transaction its DDL is committed or gone: rift's own view of the branch is read again. A
     * settings statement sent inside a transaction is undone if it rolls back, so it is sent again after it.
     */
    private void transactionStatus(byte status) {
        transaction = status;
        if (status != 'I') {
            settingsAtRisk |= settingsSent != null;
            return;
        }
        savepoints.transactionEnded();
        if (ddlInTransaction) {
            ddlInTransaction = false;
            pending = DdlEffects.NONE;
            planner.ddlEnded(branch);
        }
        if (settingsAtRisk) {
            settingsAtRisk = false;
            settingsSent = null;
        }
    }

    public void close() {
        closed = true;
        if (planningJob != null) {
            planningJob.cancel();
        }
        ByteBuf f;
        while ((f = held.pollFirst()) != null) {
            f.release();
        }
    }

    private void handle(ByteBuf frame) {
        if (reading.mustAwait(frame)) {
            awaitingReading = true;
            held.addFirst(frame);
            client.config().setAutoRead(false);
            return;
        }
        switch (Frame.type(frame)) {
            case MessageType.QUERY -> onQuery(frame);
            case MessageType.PARSE -> onParse(frame);
            case MessageType.BIND -> onBind(frame);
            case MessageType.EXECUTE -> {
                PreparedStatement p = portals.get(Execute.decode(frame).portal());
                String tag = p == null ? null : p.tagOverride();
                send(frame, new Expectation(Expectation.Kind.EXECUTE, false, tag));
            }
            case MessageType.DESCRIBE -> onDescribe(frame);
            case MessageType.CLOSE -> onClose(frame);
            case MessageType.SYNC -> send(frame, Expectation.visible(Expectation.Kind.SYNC));
            case MessageType.FUNCTION_CALL -> onFunctionCall(frame);
            default -> upstream.write(frame, upstream.voidPromise()); // Flush, CopyData/Done/Fail, Terminate
        }
    }

    // ---- simple query ------------------------------------------------------------------

    private void onQuery(ByteBuf frame) {
        String original = Query.decode(frame).sql();
        String sql = reading.readable(original);
        ByteBuf body = Frame.body(frame);
        ByteBuf raw = body.slice(0, body.indexOf(0, body.readableBytes(), (byte) 0));
        withPlan(sql, reading.unreadable(raw, original), false, frame, plan -> {
            running(plan, sql);
            metrics.planned(plan.kind());
            if (needsSettings(plan)) {
                writeMessage(new Query(plan.settings()), Expectation.hidden(Expectation.Kind.PASSTHROUGH_QUERY));
            }
            switch (plan.kind()) {
                case PASS_THROUGH -> send(frame.retain(), Expectation.visible(Expectation.Kind.PASSTHROUGH_QUERY));
                case REFUSED -> writeMessage(new Query(plan.refusalSql()), Expectation.visible(Expectation.Kind.PASSTHROUGH_QUERY));
                case REWRITTEN -> {
                    StringBuilder text = new StringBuilder();
                    for (Plan.Step step : plan.steps()) {
                        text.append(step.sql()).append(";\n");
                    }
                    upstreamWrite(new Query(text.toString()));
                    for (Plan.Step step : plan.steps()) {
                        responses.expect(new Expectation(Expectation.Kind.QUERY_STATEMENT, step.hidden(),
                                step.tagOverride(), plan.origins()));
                    }
                    responses.expect(Expectation.visible(Expectation.Kind.QUERY_END));
                }
            }
        });
    }

    /**
     * A fast-path call bypasses every rewrite: only large-object reads go upstream, anything else is refused the way
     * PostgreSQL answers a failed call (ErrorResponse, ReadyForQuery).
     */
    private void onFunctionCall(ByteBuf frame) {
        java.util.Optional<String> refusal = FastPathCalls.refusal(FunctionCall.decode(frame));
        if (refusal.isEmpty()) {
            send(frame, Expectation.visible(Expectation.Kind.PASSTHROUGH_QUERY));
            return;
        }
        frame.release();
        writeMessage(new Query(Plan.refused(SqlState.FEATURE_NOT_SUPPORTED, refusal.get(), -1).refusalSql()),
                Expectation.visible(Expectation.Kind.PASSTHROUGH_QUERY));
    }

    // ---- extended query ----------------------------------------------------------------

    private void onParse(ByteBuf frame) {
        Parse parse = Parse.decode(frame);
        // Kept as read now: prepared again later (onBind), it must mean the same under whatever settings then.
        String sql = reading.readable(parse.sql());
        ByteBuf body = Frame.body(frame);
        int nameEnd = body.indexOf(0, body.readableBytes(), (byte) 0);
        int sqlEnd = body.indexOf(nameEnd + 1, body.readableBytes(), (byte) 0);
        String unreadable = reading.unreadable(body.slice(nameEnd + 1, sqlEnd - nameEnd - 1), parse.sql());
        withPlan(sql, unreadable, true, frame, plan -> {
            closeHidden(statements.remove(parse.name()));
            statements.put(parse.name(), prepare(parse.name(), sql, parse.parameterTypes(), plan, frame, false));
        });
    }

    /** Sends the Parse messages for a plan; {@code again} marks a re-prepare the client did not ask for. */
    private PreparedStatement prepare(String name, String sql, int[] types, Plan plan, ByteBuf original, boolean again) {
        List<String> hidden = new ArrayList<>();
        String tag = null;
        if (needsSettings(plan)) {
            writeMessage(new Parse("", plan.settings(), new int[0]), Expectation.hidden(Expectation.Kind.PARSE));
            writeMessage(new Bind("", "", new short[0], new byte[0][], new short[0]),
                    Expectation.hidden(Expectation.Kind.BIND));
            writeMessage(new Execute("", 0), Expectation.hidden(Expectation.Kind.EXECUTE));
        }
        switch (plan.kind()) {
            case PASS_THROUGH -> {
                if (original != null) {
                    send(original.retain(), Expectation.visible(Expectation.Kind.PARSE));
                } else {
                    writeMessage(new Parse(name, sql, types), parseExpectation(again));
                }
            }
            case REFUSED -> writeMessage(new Parse(name, plan.refusalSql(), new int[0]), parseExpectation(again));
            case REWRITTEN -> {
                for (Plan.Step step : plan.steps()) {
                    if (step.hidden()) {
                        String hiddenName = HIDDEN_PREFIX + (++hiddenCounter);
                        writeMessage(new Parse(hiddenName, step.sql(), types), Expectation.hidden(Expectation.Kind.PARSE));
                        hidden.add(hiddenName);
                    } else {
                        writeMessage(new Parse(name, step.sql(), types), parseExpectation(again));
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

    private void onBind(ByteBuf frame) {
        Bind.Names bind = Bind.names(frame);
        PreparedStatement p = statements.get(bind.statement());
        if (p == null || p.version() == planner.knownVersion(branch)) {
            bind(frame, bind, p);
            return;
        }
        // The branch changed since this statement was prepared (e.g. a table gained overlay rows):
        // prepare it again under the same name before binding, so it reads what the branch holds now.
        withPlan(p.sql(), reading.unreadable(null, p.sql()), true, frame, plan -> {
            closeHidden(p);
            if (!p.name().isEmpty()) {
                writeMessage(new Close(Close.STATEMENT, p.name()), Expectation.hidden(Expectation.Kind.CLOSE));
            }
            PreparedStatement again = prepare(p.name(), p.sql(), p.parameterTypes(), plan, null, true);
            statements.put(p.name(), again);
            bind(frame.retain(), bind, again);
        });
    }

    /** Binds {@code frame} (consumed) after the hidden preludes of its statement. */
    private void bind(ByteBuf frame, Bind.Names bind, PreparedStatement p) {
        if (p != null) {
            running(p.plan(), p.sql());
            metrics.planned(p.plan().kind());
            // The parameter values are copied only when a hidden prelude must be bound with them too.
            Bind values = p.hiddenStatements().isEmpty() ? null : Bind.decode(frame);
            for (String hidden : p.hiddenStatements()) {
                writeMessage(new Bind("", hidden, values.parameterFormats(), values.parameterValues(), new short[0]),
                        Expectation.hidden(Expectation.Kind.BIND));
                writeMessage(new Execute("", 0), Expectation.hidden(Expectation.Kind.EXECUTE));
            }
            portals.put(bind.portal(), p);
        } else {
            metrics.planned(Plan.Kind.PASS_THROUGH); // a statement rift did not see prepared: sent as it is
            portals.remove(bind.portal());
        }
        if (p != null && p.refused()) {
            // The refusal statement takes no parameters; PostgreSQL raises the refusal at Execute.
            frame.release();
            writeMessage(new Bind(bind.portal(), bind.statement(), new short[0], new byte[0][], new short[0]),
                    Expectation.visible(Expectation.Kind.BIND));
        } else {
            send(frame, Expectation.visible(Expectation.Kind.BIND));
        }
    }

    /** A Describe's RowDescription names the tables a copy would, for the statement's or portal's plan. */
    private void onDescribe(ByteBuf frame) {
        Describe describe = Describe.decode(frame);
        PreparedStatement p = describe.kind() == Describe.STATEMENT ? statements.get(describe.name())
                : portals.get(describe.name());
        send(frame, new Expectation(Expectation.Kind.DESCRIBE, false, null,
                p == null ? ColumnOrigins.NONE : p.plan().origins()));
    }

    private void onClose(ByteBuf frame) {
        Close close = Close.decode(frame);
        if (close.kind() == Close.STATEMENT) {
            closeHidden(statements.remove(close.name()));
        } else {
            portals.remove(close.name());
        }
        send(frame, Expectation.visible(Expectation.Kind.CLOSE));
    }

    private void closeHidden(PreparedStatement p) {
        if (p == null) {
            return;
        }
        for (String hidden : p.hiddenStatements()) {
            writeMessage(new Close(Close.STATEMENT, hidden), Expectation.hidden(Expectation.Kind.CLOSE));
        }
    }

    // ---- planning ----------------------------------------------------------------------

    /**
     * Runs {@code then} with the plan for {@code sql}: at once from the cache, or after planning
     * off the event loop. {@code frame} is released after {@code then} ran (retain it to forward it).
     * A text rift cannot read as the server does is refused with {@code unreadable}, the reason (see
     * {@link ServerReading#unreadable}).
     */
    private void withPlan(String sql, String unreadable, boolean extended, ByteBuf frame, Consumer<Plan> then) {
        if (unreadable != null) {
            apply(Plan.refused(SqlState.FEATURE_NOT_SUPPORTED, unreadable, planner.knownVersion(branch)), frame, then);
            return;
        }
        StatementPlanner.Context context = new StatementPlanner.Context(branch, user, searchPath, extended, pending);
        Plan cached = planner.cached(sql, context, planner.knownVersion(branch));
        if (cached != null) {
            apply(cached, frame, then);
            return;
        }
        busy = true;
        client.config().setAutoRead(false);
        PlanningLanes.Job job = planning.submit(branch, () -> planner.plan(sql, context));
        planningJob = job;
        job.result().whenComplete((plan, error) ->
                client.eventLoop().execute(() -> {
                    planningJob = null;
                    if (closed) {
                        frame.release();
                        return;
                    }
                    Plan p = plan;
                    if (error != null) {
                        Throwable cause = error instanceof CompletionException && error.getCause() != null
                                ? error.getCause() : error;
                        if (cause instanceof OverlayException oe && "3D000".equals(oe.sqlState())) {
                            frame.release();
                            branchGone.run();
                            return;
                        }
                        if (cause instanceof PlanningLanes.LaneFull full) {
                            p = Plan.refused(PlanningLanes.LaneFull.SQLSTATE, full.getMessage(),
                                    planner.knownVersion(branch));
                        } else if (cause instanceof OverlayException oe) {
                            // e.g. the branch was deleted under the session: answered with the engine's own SQLSTATE.
                            log.debug("statement on branch {} refused: {}", branch, oe.getMessage());
                            p = Plan.refused(oe.sqlState(), oe.getMessage(), planner.knownVersion(branch));
                        } else {
                            log.error("planning a statement on branch {} failed", branch, cause);
                            p = Plan.refused(SqlState.INTERNAL_ERROR, "rift could not plan this statement: "
                                    + cause.getMessage(), planner.knownVersion(branch));
                        }
                    }
                    apply(p, frame, then);
                    busy = false;
                    drain();
                    upstream.flush();
                }));
    }

    /** Whether the plan's settings must be sent first (and, if so, remembers them as sent). */
    private boolean needsSettings(Plan plan) {
        if (plan.settings() == null || plan.settings().equals(settingsSent) || transaction == 'E') {
            // In a failed transaction every statement but ROLLBACK [TO] fails anyway, and a settings statement sent
            // first would fail in its place: they are sent once the transaction is usable again.
            return false;
        }
        settingsSent = plan.settings();
        return true;
    }

    /**
     * The statement's DDL is about to run: the session sees its effects from now on. Marked when the statement is
     * sent to run (a simple Query, or a Bind), not when it is prepared, since a prepared DDL statement may be
     * planned again at Bind.
     */
    private void running(Plan plan, String sql) {
        SavepointEffects.Restored restored = savepoints.running(sql, pending);
        if (restored != null) {
            // Also undone: a settings statement sent after the savepoint.
            pending = restored.pending();
            settingsSent = null;
        }
        if (!plan.effects().isEmpty() || plan.steps().stream().anyMatch(s -> s.sql().startsWith(DDL_LOG))) {
            pending = pending.then(plan.effects());
            ddlInTransaction = true;
        }
    }

    private void apply(Plan plan, ByteBuf frame, Consumer<Plan> then) {
        try {
            then.accept(plan);
        } finally {
            if (frame.refCnt() > 0) {
                frame.release();
            }
        }
        if (plan.searchPath() != null) {
            searchPath = plan.searchPath();
            settingsSent = null; // the client's SET replaced the physical search_path
        }
    }

    private void drain() {
        while (!busy && !awaitingReading && !held.isEmpty()) {
            handle(held.pollFirst());
        }
        if (!busy && !awaitingReading && !closed) {
            client.config().setAutoRead(true);
        }
    }

    // ---- writing -----------------------------------------------------------------------

    private void send(ByteBuf frame, Expectation expectation) {
        reading.sent(Frame.type(frame));
        responses.expect(expectation);
        upstream.write(frame, upstream.voidPromise());
    }

    private void writeMessage(Object message, Expectation expectation) {
        responses.expect(expectation);
        upstreamWrite(message);
    }

    private void upstreamWrite(Object message) {

        ByteBuf out = upstream.alloc().buffer();
        if (message instanceof Query q) {
            reading.sent(MessageType.QUERY);
            q.encode(out);
        } else if (message instanceof Parse p) {
            p.encode(out);
        } else if (message instanceof Bind b) {
            b.encode(out);
        } else if (message instanceof Execute e) {
            e.encode(out);
        } else if (message instanceof Close c) {
            c.encode(out);
        } else {
            out.release();
            throw new IllegalArgumentException("not a frontend message rift sends: " + message);
        }
        upstream.write(out, upstream.voidPromise());
    }
}
