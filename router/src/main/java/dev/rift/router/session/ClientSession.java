package dev.rift.router.session;

import dev.rift.pgwire.Frame;
import dev.rift.pgwire.FrontendDecoder;
import dev.rift.pgwire.message.BackendKeyData;
import dev.rift.pgwire.message.CancelRequest;
import dev.rift.pgwire.message.ErrorResponse;
import dev.rift.pgwire.message.MessageType;
import dev.rift.pgwire.message.ReadyForQuery;
import dev.rift.pgwire.message.SqlState;
import dev.rift.pgwire.message.StartupMessage;
import dev.rift.pgwire.message.Terminate;
import dev.rift.cow.OverlayException;
import dev.rift.router.Route;
import dev.rift.router.metrics.StatementClock;
import dev.rift.router.control.ControlEndpoint;
import dev.rift.router.control.ControlSession;
import dev.rift.router.overlay.ClientEncodings;
import dev.rift.router.overlay.OverlayPipeline;
import dev.rift.router.overlay.ServerReading;
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
import io.netty.util.concurrent.Promise;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One client connection, following the protocol's own phases: startup (cancel requests forwarded;
 * encryption requests are answered before this, by {@link dev.rift.router.tls.EncryptionNegotiation}),
 * connecting to the branch's server, authentication relayed untouched in both directions, then the
 * query cycle, where frames are forwarded whole. An overlay branch's session then goes on as its client role's
 * session role on a connection of its own ({@link SessionRoleLogin}, docs/security.md): the connection the
 * client authenticated on is closed, so nothing the client sends ever runs as the client's own upstream role.
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
    /** Relay until the session is ready, then its branch's mode. */
    private SessionMode mode = RelayMode.INSTANCE;
    private final IssuedCancelKey key;
    /** The branch's last-activity clock, once the session is ready. */
    private BranchSessions.Activity activity;
    /** The server's settings that decide how it reads an overlay session's statements, from its startup on. */
    private final ServerReading reading = new ServerReading();
    /** Set once the session is ready: times its query cycles (docs/metrics.md). */
    private StatementClock clock;

    private final Duration startupTimeout;
    /** The shorter timer while the session holds an upstream slot but is not authenticated yet. */
    private final Duration authTimeout;
    private ScheduledFuture<?> startupTimer;
    private final UpstreamSlots slots;
    /** This session's claim on an upstream connection (--max-upstream-conn), from before it connects until it ends. */
    private UpstreamSlots.Ticket slot;

    private final RequestsInFlight requests = new RequestsInFlight();

    public ClientSession(SessionServices services, Duration startupTimeout, Duration authTimeout, UpstreamSlots slots) {
        this.services = services;
        this.startupTimeout = startupTimeout;
        this.authTimeout = authTimeout;
        this.slots = slots;
        this.key = new IssuedCancelKey(services.cancelKeys());
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        client = ctx.channel();
        armStartupTimer(startupTimeout);
        ctx.fireChannelActive();
    }

    /** As PostgreSQL's authentication_timeout: a client that never finishes its startup is let go. */
    private void armStartupTimer(Duration timeout) {
        startupTimer = client.eventLoop().schedule(() -> {
            if (phase != Phase.READY && phase != Phase.CLOSED) {
                fatal(SqlState.PROTOCOL_VIOLATION, "canceling authentication due to timeout");
            }
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
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
        ErrorResponse refusal = StartupRefusal.of(s);
        if (refusal != null) {
            fatal(refusal);
            return;
        }
        StartupTarget target = StartupTarget.of(s);
        client.config().setAutoRead(false);
        phase = Phase.CONNECTING;
        // The lookup may provision the branch (create it, start its postmaster): the client is held
        // for as long as that takes, so the authentication timeout starts once the branch is ready.
        startupTimer.cancel(false);
        services.branches().route(target.branch()).whenComplete((found, error) -> client.eventLoop().execute(() -> {
            if (error != null) {
                log.warn("branch lookup for {} failed", target.branch(), error);
                fatal(SqlState.CONNECTION_FAILURE, "could not look up branch \"" + target.branch() + "\"");
            } else if (found.isEmpty() && ControlEndpoint.DATABASE.equals(target.branch())) {
                fatal(ErrorResponse.fatal(SqlState.INVALID_CATALOG_NAME, "database \"rift\" (SQL functions for"
                        + " branches) is not served by this server").withHint("It is served in overlay mode (rift serve"
                        + " --upstream URL); in snapshot mode use the rift CLI."));
            } else if (found.isEmpty()) {
                fatal(ErrorResponse.fatal(SqlState.INVALID_CATALOG_NAME, "branch \"" + target.branch() + "\" does not exist")
                        .withHint("Create it with: rift create " + target.branch() + "; connect to \"main\" for the upstream itself."));
            } else if (target.otherDatabase() != null
                    && !target.otherDatabase().equals(found.get().server().database())) {
                connectUnlessDatabaseDisagrees(s, target, found.get());
            } else {
                connect(s, target, found.get());
            }
        }));
    }

    /**
     * user@branch with a database that names another branch: which of the two the client meant is not rift's to
     * guess. 28000, as PostgreSQL refuses a startup whose user is wrong, and not a class 08 code drivers retry.
     */
    private void connectUnlessDatabaseDisagrees(StartupMessage s, StartupTarget target, Route found) {
        String database = target.otherDatabase();
        services.branches().serves(database).whenComplete((named, error) -> client.eventLoop().execute(() -> {
            if (error != null) {
                log.warn("branch lookup for {} failed", database, error);
                fatal(SqlState.CONNECTION_FAILURE, "could not look up branch \"" + database + "\"");
            } else if (named) {
                fatal(ErrorResponse.fatal(SqlState.INVALID_AUTHORIZATION_SPECIFICATION, "user name \"" + s.user()
                        + "\" names branch \"" + target.branch() + "\" but database \"" + database
                        + "\" names another").withHint("Name the branch once: as the database, or as user@branch with"
                        + " database \"" + found.server().database() + "\" or none."));
            } else {
                connect(s, target, found);
            }
        }));
    }

    private void connect(StartupMessage s, StartupTarget target, Route found) {
        if (phase == Phase.CLOSED) {
            return;
        }
        route = found;
        armStartupTimer(authTimeout);
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
        slot = slots.request(route.server(), client.eventLoop());
        slot.granted().addListener(g -> {
            if (phase == Phase.CLOSED) {
                return; // the session's end gave the slot back
            }
            if (g.isSuccess()) {
                openUpstream();
            } else {
                log.info("client {} for branch {} refused: {}", client.remoteAddress(), route.branch(),
                        g.cause().getMessage());
                fatal(SqlState.TOO_MANY_CONNECTIONS, g.cause().getMessage()); // LimitReached: rift's own words
            }
        });
    }

    private void openUpstream() {
        services.connector().connect(client.eventLoop(), route.server(), new UpstreamSide()).addListener(f -> {
            if (!f.isSuccess()) {
                log.warn("session for branch {}: {}", route.branch(), f.cause().getMessage());
                // The connector's own words (refused, TLS required, handshake failed), never a stack's.
                String why = f.cause() instanceof java.io.IOException io && io.getMessage() != null
                        ? ": " + io.getMessage().lines().findFirst().orElse("") : "";
                fatal(SqlState.CONNECTION_FAILURE, "could not connect to the server of branch \"" + route.branch() + "\""
                        + why);
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
        if (phase == Phase.READY && !mode.answersItself()) {
            requests.sent(type);
            mode.metered(type, clock, services.metrics());
        }
        ByteBuf relayed = mode.fromClient(frame);
        if (relayed != null) {
            upstream.write(relayed, upstream.voidPromise());
        }
        if (!upstream.isWritable()) {
            client.config().setAutoRead(false);
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
        mode.writabilityChanged();
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
        if (c instanceof CorruptedFrameException || c instanceof TooLongFrameException) {
            // Thrown by pgwire's decoders only, with messages written for the client (the limit, the bad length).
            log.debug("closing client {}: {}", client.remoteAddress(), c.getMessage());
            String state = c instanceof TooLongFrameException ? SqlState.PROGRAM_LIMIT_EXCEEDED : SqlState.PROTOCOL_VIOLATION;
            fatal(state, c.getMessage());
        } else if (c instanceof IOException) {
            log.debug("client {} connection error: {}", client.remoteAddress(), c.getMessage());
            close();
        } else if (cause instanceof DecoderException || c instanceof IndexOutOfBoundsException) {
            // A frame whose fields run past its end: PostgreSQL's words; the buffer's own account is for the log only.
            log.debug("closing client {}: malformed message", client.remoteAddress(), c);
            fatal(SqlState.PROTOCOL_VIOLATION, "invalid message format");
        } else {
            log.error("unexpected error in session for {}", client.remoteAddress(), c);
            fatal(SqlState.INTERNAL_ERROR, "internal error in rift");
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
        releaseClaims();
    }

    private void close() {
        phase = Phase.CLOSED;
        if (startupTimer != null) {
            startupTimer.cancel(false);
        }
        mode.close();
        if (upstream != null) {
            upstream.close();
        }
        if (client.isOpen()) {
            client.close();
        }
        releaseClaims();
    }

    /**
     * Ends this session for a shutdown, from any thread, as PostgreSQL's shutdown does: an idle session at once
     * with 57P01, one running a statement once the statement's ReadyForQuery has reached the client, one that is
     * not ready yet with 57P03.
     */
    public void endWhenIdle() {
        client.eventLoop().execute(() -> {
            if (phase == Phase.CLOSED) {
                return;
            }
            if (phase != Phase.READY) {
                fatal(SqlState.CANNOT_CONNECT_NOW, "the database system is shutting down");
            } else if (requests.idle()) {
                fatal(SqlState.ADMIN_SHUTDOWN, SHUTDOWN_MESSAGE);
            } else {
                requests.endWhenIdle();
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
            if (phase == Phase.READY && !requests.idle() && key.upstream() != null) {
                // The client closes once the cancel is out, so a shutdown waiting for its clients waits for it too.
                services.connector().sendCancel(client.eventLoop(), key.upstream())
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

    /**
     * The client authenticated (the server's AuthenticationOk and ParameterStatus reached it); its overlay session
     * now runs on a connection of its session role's, never on the one it authenticated on, which is closed.
     */
    private void continueAsSessionRole() {
        new SessionRoleHandover(services, client, route, startup, () -> phase == Phase.CLOSED, this::sessionRoleReady,
                this::fatal).begin();
    }

    /** The session role's backend is ready: it becomes the session's upstream, and the client's session is ready. */
    private void sessionRoleReady(Channel roleChannel, BackendKeyData roleKey) {
        Channel authenticated = upstream;
        upstream = roleChannel;
        roleChannel.pipeline().replace(SessionRoleLogin.class, "upstream", new UpstreamSide());
        ByteBuf bye = authenticated.alloc().buffer(5);
        Terminate.INSTANCE.encode(bye);
        authenticated.writeAndFlush(bye).addListener(ChannelFutureListener.CLOSE);
        key.issue(route.server(), roleKey, client);
        phase = Phase.READY;
        services.sessions().opened(route.branch(), this);
        activity = services.sessions().activity(route.branch());
        startupTimer.cancel(false);
        clock = services.metrics().clock(route.mode());
        String branch = route.branch();
        mode = new OverlayMode(new OverlayPipeline(client, upstream, services.planner(), services.planning(),
                branch, startup.user(), StatementPlanner.DEFAULT_SEARCH_PATH, () -> fatal(SqlState.ADMIN_SHUTDOWN,
                "terminating connection because branch \"" + branch + "\" was deleted"), services.metrics(),
                reading, this::fatal));
        log.debug("session ready: user {} on branch {} as its session role", startup.user(), branch);
        ByteBuf out = client.alloc().buffer(6);
        new ReadyForQuery('I').encode(out);
        client.writeAndFlush(out);
        client.config().setAutoRead(true);
    }

    /**
     * Every way a session ends comes here: gives back its upstream slot, leaves its branch's sessions and withdraws its
     * cancel key.
     */
    private void releaseClaims() {
        if (slot != null) {
            slot.release();
        }
        if (route != null) {
            services.sessions().closed(route.branch(), this);
        }
        key.withdraw();
    }

    /** The upstream connection's end of this session: relays the server's frames to the client. */
    private final class UpstreamSide extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf frame = (ByteBuf) msg;
            if (ctx.channel() != upstream) {
                frame.release(); // the connection the client authenticated on, replaced by its session role's
                return;
            }
            if (phase == Phase.READY) {
                ByteBuf out = mode.fromUpstream(frame);
                if (out != null) {
                    relay(out);
                }
                return;
            }
            if (phase == Phase.CLOSED) {
                frame.release();
                return;
            }
            byte type = Frame.type(frame);
            boolean overlayRoute = route.mode() == Route.Mode.OVERLAY;
            if (type == MessageType.PARAMETER_STATUS && phase == Phase.AUTHENTICATING) {
                reading.parameterStatus(frame);
            }
            if (type == MessageType.BACKEND_KEY_DATA) {
                BackendKeyData upstreamKey = BackendKeyData.decode(frame);
                frame.release();
                if (!overlayRoute) {
                    key.issue(route.server(), upstreamKey, client);
                }
                return;
            }
            if (type == MessageType.READY_FOR_QUERY && overlayRoute) {
                frame.release();
                if (ClientEncodings.unsafe(reading.clientEncoding())) {
                    fatal(ClientEncodings.refusal(reading.clientEncoding()));
                    return;
                }
                continueAsSessionRole();
                return;
            }
            if (type == MessageType.READY_FOR_QUERY) {
                phase = Phase.READY;
                services.sessions().opened(route.branch(), ClientSession.this);
                activity = services.sessions().activity(route.branch());
                startupTimer.cancel(false);
                clock = services.metrics().clock(route.mode());
                if (route.mode() == Route.Mode.CONTROL) {
                    mode = new ControlMode(route.control().open(client, startup.user()));
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
            int ready = requests.answered(bytes);
            forward(bytes);
            if (ready > 0) {
                clock.readyForQuery(ready);
                if (requests.ending()) {
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
            if (ctx.channel() == upstream) {
                client.flush();
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (ctx.channel().isWritable() && phase != Phase.CONNECTING) {
                client.config().setAutoRead(true);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (ctx.channel() != upstream) {
                return; // the connection the client authenticated on, closed by rift
            }
            // The server ended the session (it has sent its own FATAL, if any): end the client's too.
            if (client.isActive()) {
                client.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            }
            phase = Phase.CLOSED;
            releaseClaims();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (ctx.channel() != upstream) {
                ctx.close();
                return;
            }
            log.warn("upstream connection error for branch {}: {}", route.branch(), cause.toString());
            if (phase == Phase.READY || phase == Phase.AUTHENTICATING) {
                fatal(SqlState.CONNECTION_FAILURE, "lost the connection to the upstream server");
            } else {
                close();
            }
        }
    }
}
