package dev.rift.router.session;

import dev.rift.pgwire.Frame;
import dev.rift.pgwire.FrontendDecoder;
import dev.rift.pgwire.message.BackendKeyData;
import dev.rift.pgwire.message.CancelRequest;
import dev.rift.pgwire.message.ErrorResponse;
import dev.rift.pgwire.message.MessageType;
import dev.rift.pgwire.message.SqlState;
import dev.rift.pgwire.message.StartupMessage;
import dev.rift.router.Route;
import dev.rift.router.metrics.StatementClock;
import dev.rift.router.control.ControlEndpoint;
import dev.rift.router.control.ControlSession;
import dev.rift.router.overlay.OverlayPipeline;
import dev.rift.router.overlay.StatementPlanner;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One client connection, following the protocol's own phases: startup (cancel requests forwarded;
 * encryption requests are answered before this, by {@link dev.rift.router.tls.EncryptionNegotiation}),
 * connecting to the branch's server, authentication relayed untouched in both directions, then the
 * query cycle, where frames are forwarded whole.
 * Writes are flushed once per read batch, so a pipeline of messages costs one syscall.
 */
public final class ClientSession extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ClientSession.class);

    enum Phase { STARTUP, CONNECTING, AUTHENTICATING, READY, CLOSED }

    private final SessionServices services;
    private Channel client;
    private Channel upstream;
    private Phase phase = Phase.STARTUP;
    private StartupMessage startup;
    private Route route;
    private BackendKeyData issuedKey;
    /** Set for overlay branches once the session is ready; null for relayed sessions. */
    private OverlayPipeline overlay;
    /** The branch's last-activity clock, once the session is ready. */
    private BranchSessions.Activity activity;
    /** Set once the session is ready: times its query cycles (docs/metrics.md). */
    private StatementClock clock;
    /** Set for database {@code rift} once the session is ready: rift answers the client's statements itself. */
    private ControlSession control;

    private final Duration startupTimeout;
    private ScheduledFuture<?> startupTimer;

    // What a drain (rift serve on SIGTERM) needs to tell a statement in flight from an idle session.
    private final ReadyForQueryCounter readyMessages = new ReadyForQueryCounter();
    /** Queries, Syncs and function calls sent whose ReadyForQuery has not come back yet. */
    private int awaitingReady;
    /** Extended-protocol messages sent since the last Sync (a request the client has not finished). */
    private boolean requestOpen;
    private boolean draining;
    /** The upstream backend's cancel key, so a shutdown can stop a statement it will not wait for any longer. */
    private CancelKeys.Target upstreamTarget;

    public ClientSession(SessionServices services, Duration startupTimeout) {
        this.services = services;
        this.startupTimeout = startupTimeout;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        client = ctx.channel();
        armStartupTimer();
        ctx.fireChannelActive();
    }

    /** As PostgreSQL's authentication_timeout: a client that never finishes its startup is let go. */
    private void armStartupTimer() {
        startupTimer = client.eventLoop().schedule(() -> {
            if (phase != Phase.READY && phase != Phase.CLOSED) {
                fatal(SqlState.PROTOCOL_VIOLATION, "canceling authentication due to timeout");
            }
        }, startupTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf frame) {
            onFrame(frame);
        } else if (msg instanceof StartupMessage s) {
            onStartup(s);
        } else if (msg instanceof CancelRequest c) {
            onCancel(c);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onStartup(StartupMessage s) {
        if (s.majorVersion() != 3) {
            fatal(SqlState.FEATURE_NOT_SUPPORTED, "unsupported frontend protocol " + s.majorVersion() + "."
                    + (s.protocolVersion() & 0xffff) + ": server supports 3.0 to 3.0");
            return;
        }
        if (s.user() == null || s.user().isEmpty()) {
            fatal(SqlState.INVALID_AUTHORIZATION_SPECIFICATION, "no PostgreSQL user name specified in startup packet");
            return;
        }
        String replication = s.parameters().get("replication");
        if (replication != null && !replication.equalsIgnoreCase("false") && !replication.equals("0")
                && !replication.equalsIgnoreCase("off") && !replication.equalsIgnoreCase("no")) {
            fatal(SqlState.FEATURE_NOT_SUPPORTED, "replication connections are not supported through rift");
            return;
        }
        StartupTarget target = StartupTarget.of(s);
        client.config().setAutoRead(false);
        phase = Phase.CONNECTING;
        // The lookup may provision the branch (create it, start its postmaster): the client is held
        // for as long as that takes, so the startup timeout restarts once the branch is ready.
        startupTimer.cancel(false);
        services.branches().route(target.branch()).whenComplete((found, error) -> client.eventLoop().execute(() -> {
            if (error != null) {
                log.warn("branch lookup for {} failed", target.branch(), error);
                fatal(SqlState.CONNECTION_FAILURE, "could not look up branch \"" + target.branch() + "\": " + error.getMessage());
            } else if (found.isEmpty() && ControlEndpoint.DATABASE.equals(target.branch())) {
                fatal(ErrorResponse.fatal(SqlState.INVALID_CATALOG_NAME, "database \"rift\" (SQL functions for"
                        + " branches) is not served by this server").withHint("It is served in overlay mode (rift serve"
                        + " --upstream URL); in snapshot mode use the rift CLI."));
            } else if (found.isEmpty()) {
                fatal(ErrorResponse.fatal(SqlState.INVALID_CATALOG_NAME, "branch \"" + target.branch() + "\" does not exist")
                        .withHint("Create it with: rift create " + target.branch() + "; connect to \"main\" for the upstream itself."));
            } else {
                connect(s, target, found.get());
            }
        }));
    }

    private void connect(StartupMessage s, StartupTarget target, Route found) {
        if (phase == Phase.CLOSED) {
            return;
        }
        route = found;
        armStartupTimer();
        startup = s.with("user", target.user()).with("database", route.server().database());
        ByteBuf probe = client.alloc().buffer();
        try {
            startup.encode(probe);
            if (probe.readableBytes() - 4 > FrontendDecoder.MAX_STARTUP_LENGTH) {
                fatal(SqlState.PROTOCOL_VIOLATION, "startup packet too long once rift names the upstream database \""
                        + route.server().database() + "\"");
                return;
            }
        } finally {
            probe.release();
        }
        services.connector().connect(client.eventLoop(), route.server(), new UpstreamSide()).addListener(f -> {
            if (!f.isSuccess()) {
                log.warn("session for branch {}: {}", route.branch(), f.cause().getMessage());
                fatal(SqlState.CONNECTION_FAILURE, f.cause().getMessage());
                return;
            }
            upstream = (Channel) f.getNow();
            if (phase == Phase.CLOSED) {
                upstream.close();
                return;
            }
            ByteBuf out = upstream.alloc().buffer();
            startup.encode(out);
            upstream.writeAndFlush(out);
            phase = Phase.AUTHENTICATING;
            client.config().setAutoRead(true);
        });
    }

    private void onCancel(CancelRequest request) {
        services.cancelKeys().find(request).ifPresentOrElse(
                t -> services.connector().sendCancel(client.eventLoop(), t),
                () -> log.debug("cancel request with an unknown key ignored"));
        // As PostgreSQL does: close the cancel connection without a reply.
        phase = Phase.CLOSED;
        client.close();
    }

    private void onFrame(ByteBuf frame) {
        byte type = Frame.type(frame);
        if (!MessageType.isFrontend(type)) {
            frame.release();
            fatal(SqlState.PROTOCOL_VIOLATION, "invalid frontend message type " + type);
            return;
        }
        if (phase != Phase.AUTHENTICATING && phase != Phase.READY) {
            frame.release();
            if (phase != Phase.CLOSED) {
                fatal(SqlState.PROTOCOL_VIOLATION, "unexpected message type " + (char) type + " before authentication");
            }
            return;
        }
        if (phase == Phase.READY) {
            noteRequest(type);
            metered(type);
        }
        if (overlay != null) {
            overlay.fromClient(frame);
        } else if (control != null) {
            control.fromClient(frame);
        } else {
            upstream.write(frame, upstream.voidPromise());
        }
        if (!upstream.isWritable()) {
            client.config().setAutoRead(false);
        }
    }

    /** Counts and times a client message of a ready session; overlay sessions count their statements as planned. */
    private void metered(byte type) {
        if (clock == null || control != null) {
            return; // still authenticating, or database rift: nothing goes upstream
        }
        clock.fromClient(type);
        if (overlay == null && (type == MessageType.QUERY || type == MessageType.BIND)) {
            services.metrics().passedThrough();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (activity != null) {
            activity.touch();
        }
        if (upstream != null) {
            upstream.flush();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (control != null) {
            control.writabilityChanged();
        }
        if (upstream != null && client.isWritable()) {
            upstream.config().setAutoRead(true);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        // A client gone mid-transaction: closing the upstream makes PostgreSQL roll back.
        close();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable c = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (c instanceof CorruptedFrameException || c instanceof TooLongFrameException
                || c instanceof IndexOutOfBoundsException) {
            // A frame whose body is shorter than its fields say is a protocol violation, as in PostgreSQL.
            log.info("closing client {}: {}", client.remoteAddress(), c.getMessage());
            String state = c instanceof TooLongFrameException ? SqlState.PROGRAM_LIMIT_EXCEEDED : SqlState.PROTOCOL_VIOLATION;
            fatal(state, c.getMessage());
        } else if (c instanceof IOException) {
            log.debug("client {} connection error: {}", client.remoteAddress(), c.getMessage());
            close();
        } else {
            log.error("unexpected error in session for {}", client.remoteAddress(), c);
            fatal(SqlState.INTERNAL_ERROR, "internal error in rift: " + c);
        }
    }

    private void fatal(String sqlState, String message) {
        fatal(ErrorResponse.fatal(sqlState, message));
    }

    /** Sends a FATAL error and closes, as PostgreSQL ends a session it cannot serve. */
    private void fatal(ErrorResponse error) {
        if (phase == Phase.CLOSED || !client.isActive()) {
            close();
            return;
        }
        phase = Phase.CLOSED;
        ByteBuf out = client.alloc().buffer();
        error.encode(out);
        client.writeAndFlush(out).addListener(ChannelFutureListener.CLOSE);
        if (upstream != null) {
            upstream.close();
        }
        releaseKey();
    }

    private void close() {
        phase = Phase.CLOSED;
        if (startupTimer != null) {
            startupTimer.cancel(false);
        }
        if (overlay != null) {
            overlay.close();
        }
        if (control != null) {
            control.close();
        }
        if (upstream != null) {
            upstream.close();
        }
        if (client.isOpen()) {
            client.close();
        }
        releaseKey();
    }

    private void noteRequest(byte type) {
        if (control != null) {
            return; // database rift answers by itself: a drain ends its sessions at once
        }
        switch (type) {
            case MessageType.QUERY, MessageType.SYNC, MessageType.FUNCTION_CALL -> {
                awaitingReady++;
                requestOpen = false;
            }
            case MessageType.PARSE, MessageType.BIND, MessageType.EXECUTE, MessageType.DESCRIBE, MessageType.CLOSE,
                 MessageType.FLUSH -> requestOpen = true;
            default -> { } // COPY data belongs to a Query already counted; Terminate ends the session anyway
        }
    }

    private boolean idle() {
        return awaitingReady == 0 && !requestOpen;
    }

    /**
     * Ends this session for a shutdown, from any thread, as PostgreSQL's shutdown does: an idle session at once
     * with 57P01, one running a statement once the statement's ReadyForQuery has reached the client, one that is
     * not ready yet with 57P03.
     */
    public void drain() {
        client.eventLoop().execute(() -> {
            if (phase == Phase.CLOSED) {
                return;
            }
            if (phase != Phase.READY) {
                fatal(SqlState.CANNOT_CONNECT_NOW, "the database system is shutting down");
            } else if (idle()) {
                fatal(SqlState.ADMIN_SHUTDOWN, SHUTDOWN_MESSAGE);
            } else {
                draining = true;
            }
        });
    }

    private static final String SHUTDOWN_MESSAGE = "terminating connection due to administrator command";

    /**
     * Ends this session now, from any thread, for a shutdown that will not wait any longer: a statement still running
     * is cancelled on the upstream first (as PostgreSQL's fast shutdown ends its backends; otherwise the backend
     * would run on until it next writes to the closed connection), then the client gets 57P01.
     */
    public void endNow() {
        client.eventLoop().execute(() -> {
            if (phase == Phase.CLOSED) {
                return;
            }
            if (phase == Phase.READY && !idle() && upstreamTarget != null) {
                // The client closes once the cancel is out, so a shutdown waiting for its clients waits for it too.
                services.connector().sendCancel(client.eventLoop(), upstreamTarget)
                        .addListener(f -> fatal(SqlState.ADMIN_SHUTDOWN, SHUTDOWN_MESSAGE));
                return;
            }
            fatal(SqlState.ADMIN_SHUTDOWN, SHUTDOWN_MESSAGE);
        });
    }

    /** Ends this session from any thread, e.g. because its branch was deleted. */
    public void terminate(String sqlState, String message) {
        client.eventLoop().execute(() -> fatal(sqlState, message));
    }

    private void releaseKey() {
        if (route != null) {
            services.sessions().closed(route.branch(), this);
        }
        if (issuedKey != null) {
            services.cancelKeys().release(issuedKey);
            issuedKey = null;
        }
    }

    /** The upstream connection's end of this session: relays the server's frames to the client. */
    private final class UpstreamSide extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf frame = (ByteBuf) msg;
            if (phase == Phase.READY) {
                if (overlay == null) {
                    relay(frame);
                } else {
                    ByteBuf out = overlay.fromUpstream(frame);
                    if (out != null) {
                        relay(out);
                    }
                }
                return;
            }
            if (phase == Phase.CLOSED) {
                frame.release();
                return;
            }
            byte type = Frame.type(frame);
            if (type == MessageType.BACKEND_KEY_DATA) {
                BackendKeyData upstreamKey = BackendKeyData.decode(frame);
                frame.release();
                upstreamTarget = new CancelKeys.Target(route.server(), upstreamKey);
                issuedKey = services.cancelKeys().issue(upstreamTarget, upstreamKey.secretKey().length);
                ByteBuf out = client.alloc().buffer(17);
                issuedKey.encode(out);
                client.write(out, client.voidPromise());
                return;
            }
            if (type == MessageType.READY_FOR_QUERY) {
                phase = Phase.READY;
                services.sessions().opened(route.branch(), ClientSession.this);
                activity = services.sessions().activity(route.branch());
                startupTimer.cancel(false);
                clock = services.metrics().clock(route.mode());
                if (route.mode() == Route.Mode.OVERLAY) {
                    String user = startup.user();
                    String branch = route.branch();
                    overlay = new OverlayPipeline(client, upstream, services.planner(), services.planning(),
                            branch, user, StatementPlanner.DEFAULT_SEARCH_PATH, () -> fatal(SqlState.ADMIN_SHUTDOWN,
                            "terminating connection because branch \"" + branch + "\" was deleted"),
                            services.metrics());
                } else if (route.mode() == Route.Mode.CONTROL) {
                    // The upstream session stays open but idle: only its own messages (a FATAL at shutdown)
                    // still reach the client, whole frames, between rift's answers.
                    control = route.control().open(client, startup.user());
                } else {
                    // A relayed session never looks at the server's messages again: forward its bytes
                    // as they arrive, without splitting them into frames.
                    forward(frame);
                    ctx.pipeline().remove("backend-decoder");
                    return;
                }
                log.debug("session ready: user {} on branch {}", startup.user(), route.branch());
            }
            forward(frame);
        }

        /** Forwards the server's answer to a ready session's requests, noting when a request is complete. */
        private void relay(ByteBuf bytes) {
            int ready = readyMessages.count(bytes);
            forward(bytes);
            if (ready > 0) {
                clock.readyForQuery(ready);
                awaitingReady = Math.max(0, awaitingReady - ready);
                if (draining && idle()) {
                    fatal(SqlState.ADMIN_SHUTDOWN, SHUTDOWN_MESSAGE);
                }
            }
        }

        private void forward(ByteBuf frame) {
            client.write(frame, client.voidPromise());
            if (!client.isWritable()) {
                upstream.config().setAutoRead(false);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            client.flush();
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (ctx.channel().isWritable() && phase != Phase.CONNECTING) {
                client.config().setAutoRead(true);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            // The server ended the session (it has sent its own FATAL, if any): end the client's too.
            if (client.isActive()) {
                client.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            }
            phase = Phase.CLOSED;
            releaseKey();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.warn("upstream connection error for branch {}: {}", route.branch(), cause.toString());
            if (phase == Phase.READY || phase == Phase.AUTHENTICATING) {
                fatal(SqlState.CONNECTION_FAILURE, "lost the connection to the upstream: " + cause.getMessage());
            } else {
                close();
            }
        }
    }
}
