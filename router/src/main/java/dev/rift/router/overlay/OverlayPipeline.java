package dev.rift.router.overlay;

import dev.rift.router.sql.BranchChannels;
import dev.rift.router.sql.FastPathCalls;

import dev.rift.pgwire.Frame;
import dev.rift.pgwire.message.CommandComplete;
import dev.rift.pgwire.message.ErrorResponse;
import dev.rift.pgwire.message.FunctionCall;
import dev.rift.pgwire.message.MessageType;
import dev.rift.pgwire.message.Query;
import dev.rift.pgwire.message.SqlState;
import dev.rift.router.metrics.ProxyMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The client-to-upstream half of a session on an overlay branch. Each statement is planned
 * (from the cache when it can be, else off the event loop, with the client's later messages held
 * in order meanwhile), then sent as it was, rewritten, or as a refusal PostgreSQL raises itself.
 * Every message sent is registered with the {@link ResponseFilter}, which keeps the client's view
 * of the conversation exactly as if rift's own statements were never there.
 */
public final class OverlayPipeline {
    private final Channel client;
    private final UpstreamSender upstream;
    private final StatementPlanner planner;
    private final PlanningLanes planning;
    /** The plan being made off the event loop, called off if the client leaves. */
    private PlanningLanes.Job planningJob;
    private final String branch;
    private final String user;
    private final ResponseFilter responses;
    private final ArrayDeque<ByteBuf> held = new ArrayDeque<>();
    private final ExtendedQuery extended;
    private List<String> searchPath;
    private final TransactionEffects transaction = new TransactionEffects();
    private boolean busy;
    /** A client's text waits for the statements in flight to finish, so the server's reading of it is known. */
    private boolean awaitingReading;
    private boolean closed;

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
        this.planner = planner;
        this.planning = planning;
        this.branch = branch;
        this.responses = new ResponseFilter(BranchChannels.prefix(branch));
        this.upstream = new UpstreamSender(upstream, responses, reading);
        this.extended = new ExtendedQuery(this.upstream, transaction, planner, branch, reading, metrics,
                (sql, unreadable, frame, then) -> withPlan(sql, unreadable, true, frame, then));
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
            if (transaction.ended(frame.getByte(frame.readerIndex() + 5))) {
                planner.ddlEnded(branch);
            }
            reading.readyForQuery();
            if (awaitingReading && reading.settled()) {
                // Runs before this ReadyForQuery is forwarded; the held text goes upstream after it either way.
                awaitingReading = false;
                client.eventLoop().execute(() -> {
                    handleHeld();
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
        } else if (Frame.type(frame) == MessageType.ERROR_RESPONSE) {
            transaction.error();
        } else if (Frame.type(frame) == MessageType.COMMAND_COMPLETE && droppedEveryStatement(frame)) {
            extended.deallocatedAll();
        }
        return responses.filter(frame, client.alloc());
    }

    /** Tags of the commands that drop every named prepared statement of the session. */
    private static boolean droppedEveryStatement(ByteBuf frame) {
        // Tags are short: checked by length before decoding, so most frames are not decoded at all.
        int length = Frame.body(frame).readableBytes();
        if (length != "DEALLOCATE ALL".length() + 1 && length != "DISCARD ALL".length() + 1) {
            return false;
        }
        String tag = CommandComplete.decode(frame).tag();
        return tag.equals("DEALLOCATE ALL") || tag.equals("DISCARD ALL");
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
            case MessageType.PARSE -> extended.parse(frame);
            case MessageType.BIND -> extended.bind(frame);
            case MessageType.EXECUTE -> extended.execute(frame);
            case MessageType.DESCRIBE -> extended.describe(frame);
            case MessageType.CLOSE -> extended.close(frame);
            case MessageType.SYNC -> upstream.send(frame, Expectation.visible(Expectation.Kind.SYNC));
            case MessageType.FUNCTION_CALL -> onFunctionCall(frame);
            default -> upstream.forward(frame); // Flush, CopyData/Done/Fail, Terminate
        }
    }

    // ---- simple query ------------------------------------------------------------------

    private void onQuery(ByteBuf frame) {
        String original = Query.decode(frame).sql();
        String sql = reading.readable(original);
        ByteBuf body = Frame.body(frame);
        ByteBuf raw = body.slice(0, body.indexOf(0, body.readableBytes(), (byte) 0));
        withPlan(sql, reading.unreadable(raw, original), false, frame, plan -> {
            transaction.running(plan, sql);
            metrics.planned(plan.kind());
            if (transaction.needsSettings(plan)) {
                upstream.write(new Query(plan.settings()), Expectation.hidden(Expectation.Kind.PASSTHROUGH_QUERY));
            }
            switch (plan.kind()) {
                case PASS_THROUGH -> upstream.send(frame.retain(),
                        Expectation.visible(Expectation.Kind.PASSTHROUGH_QUERY));
                case REFUSED -> upstream.write(new Query(plan.refusalSql()),
                        Expectation.visible(Expectation.Kind.PASSTHROUGH_QUERY));
                case REWRITTEN -> {
                    StringBuilder text = new StringBuilder();
                    for (Plan.Step step : plan.steps()) {
                        text.append(step.sql()).append(";\n");
                    }
                    upstream.write(new Query(text.toString()));
                    for (Plan.Step step : plan.steps()) {
                        upstream.expect(new Expectation(Expectation.Kind.QUERY_STATEMENT, step.hidden(),
                                step.tagOverride(), plan.origins()));
                    }
                    upstream.expect(Expectation.visible(Expectation.Kind.QUERY_END));
                }
            }
        });
    }

    /**
     * A fast-path call bypasses every rewrite: only large-object reads go upstream, anything else is refused the way
     * PostgreSQL answers a failed call (ErrorResponse, ReadyForQuery).
     */
    private void onFunctionCall(ByteBuf frame) {
        Optional<String> refusal = FastPathCalls.refusal(FunctionCall.decode(frame));
        if (refusal.isEmpty()) {
            upstream.send(frame, Expectation.visible(Expectation.Kind.PASSTHROUGH_QUERY));
            return;
        }
        frame.release();
        upstream.write(new Query(Plan.refused(SqlState.FEATURE_NOT_SUPPORTED, refusal.get(), -1).refusalSql()),
                Expectation.visible(Expectation.Kind.PASSTHROUGH_QUERY));
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
        StatementPlanner.Context context = new StatementPlanner.Context(branch, user, searchPath, extended,
                transaction.pending());
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
                        Throwable cause = FailedPlanning.cause(error);
                        if (FailedPlanning.branchGone(cause)) {
                            frame.release();
                            branchGone.run();
                            return;
                        }
                        p = FailedPlanning.refusal(cause, branch, planner.knownVersion(branch));
                    }
                    apply(p, frame, then);
                    busy = false;
                    handleHeld();
                    upstream.flush();
                }));
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
            transaction.settingsReplaced();
        }
    }

    /** Handles the client's held frames, in order, until one must wait again; then reads the client again. */
    private void handleHeld() {
        while (!busy && !awaitingReading && !held.isEmpty()) {
            handle(held.pollFirst());
        }
        if (!busy && !awaitingReading && !closed) {
            client.config().setAutoRead(true);
        }
    }
}
