package dev.rift.router.session;

import dev.rift.pgwire.Frame;
import dev.rift.pgwire.message.BackendKeyData;
import dev.rift.pgwire.message.CancelRequest;
import dev.rift.pgwire.message.ErrorResponse;
import dev.rift.pgwire.message.MessageType;
import dev.rift.pgwire.message.ReadyForQuery;
import dev.rift.pgwire.message.SqlState;
import dev.rift.pgwire.message.StartupMessage;
import dev.rift.pgwire.message.Terminate;
import dev.rift.router.Route;
import dev.rift.router.metrics.StatementClock;
import dev.rift.router.overlay.ServerReading;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One client connection, following the protocol's own phases: startup (cancel requests forwarded;
 * encryption requests are answered before this, by {@link dev.rift.router.tls.EncryptionNegotiation}),
 * connecting to the branch's server ({@link UpstreamOpening}), authentication relayed untouched in both directions
 * ({@link UpstreamSide} is the server's end), then the query cycle in the branch's {@link SessionMode}. An overlay
 * branch's session then goes on as its client role's session role on a connection of its own
 * ({@link SessionRoleHandover}, docs/security.md): the connection the client authenticated on is closed, so nothing
 * the client sends ever runs as the client's own upstream role.
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
        new BranchLookup(services.branches(), client.eventLoop(), found -> connect(s, target, found), this::fatal)
                .find(s.user(), target);
    }

    private void connect(StartupMessage s, StartupTarget target, Route found) {
        if (phase == Phase.CLOSED) {
            return;
        }
        route = found;
        armStartupTimer(authTimeout);
        startup = s.with("user", target.user()).with("database", route.server().database());
        ErrorResponse tooLong = StartupRefusal.tooLong(startup, client.alloc());
        if (tooLong != null) {
            fatal(tooLong);
            return;
        }
        slot = slots.request(route.server(), client.eventLoop());
        UpstreamOpening.open(services, slot, client, route, startup, upstreamSide(), new UpstreamOpening.Opener() {
            @Override
            public boolean ended() {
                return phase == Phase.CLOSED;
            }

            @Override
            public void connected(Channel connected) {
                upstream = connected;
            }

            @Override
            public void startupSent() {
                phase = Phase.AUTHENTICATING;
                client.config().setAutoRead(true);
            }

            @Override
            public void fail(String sqlState, String message) {
                fatal(sqlState, message);
            }
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
        ErrorResponse failure = ClientFailure.of(cause, client.remoteAddress());
        if (failure == null) {
            close();
        } else {
            fatal(failure);
        }
    }

    void fatal(String sqlState, String message) {
        fatal(ErrorResponse.fatal(sqlState, message));
    }

    /** Sends a FATAL error and closes, as PostgreSQL ends a session it cannot serve. */
    void fatal(ErrorResponse error) {
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
    void continueAsSessionRole() {
        new SessionRoleHandover(services, client, route, startup, () -> phase == Phase.CLOSED, this::sessionRoleReady,
                this::fatal).begin();
    }

    /** The session role's backend is ready: it becomes the session's upstream, and the client's session is ready. */
    private void sessionRoleReady(Channel roleChannel, BackendKeyData roleKey) {
        Channel authenticated = upstream;
        upstream = roleChannel;
        roleChannel.pipeline().replace(SessionRoleLogin.class, "upstream", upstreamSide());
        ByteBuf bye = authenticated.alloc().buffer(5);
        Terminate.INSTANCE.encode(bye);
        authenticated.writeAndFlush(bye).addListener(ChannelFutureListener.CLOSE);
        key.issue(route.server(), roleKey, client);
        becomeReady();
        mode = OverlayMode.open(services, client, upstream, route.branch(), startup.user(), reading, this::fatal);
        log.debug("session ready: user {} on branch {} as its session role", startup.user(), route.branch());
        ByteBuf out = client.alloc().buffer(6);
        new ReadyForQuery('I').encode(out);
        client.writeAndFlush(out);
        client.config().setAutoRead(true);
    }

    private void becomeReady() {
        phase = Phase.READY;
        services.sessions().opened(route.branch(), this);
        activity = services.sessions().activity(route.branch());
        startupTimer.cancel(false);
        clock = services.metrics().clock(route.mode());
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

    // ---- for UpstreamSide, the server's end of this session ----------------------------------------------------

    private UpstreamSide upstreamSide() {
        return new UpstreamSide(this, client, route, reading, key, requests);
    }

    Channel upstream() {
        return upstream;
    }

    Phase phase() {
        return phase;
    }

    SessionMode mode() {
        return mode;
    }

    /** The server's answers to a ready session's requests reached the client: ends a session draining for a shutdown. */
    void answered(int ready) {
        if (ready > 0) {
            clock.readyForQuery(ready);
            if (requests.ending()) {
                fatal(SqlState.ADMIN_SHUTDOWN, SHUTDOWN_MESSAGE);
            }
        }
    }

    /** The server is ready for the client's queries on a relayed or control session. */
    void ready() {
        becomeReady();
        if (route.mode() == Route.Mode.CONTROL) {
            mode = new ControlMode(route.control().open(client, startup.user()));
            log.debug("session ready: user {} on branch {}", startup.user(), route.branch());
        }
    }

    /** The server ended the session (it has sent its own FATAL, if any): the client's ends too. */
    void upstreamEnded() {
        if (client.isActive()) {
            client.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
        phase = Phase.CLOSED;
        releaseClaims();
    }

    void upstreamFailed(Throwable cause) {
        log.warn("upstream connection error for branch {}: {}", route.branch(), cause.toString());
        if (phase == Phase.READY || phase == Phase.AUTHENTICATING) {
            fatal(SqlState.CONNECTION_FAILURE, "lost the connection to the upstream server");
        } else {
            close();
        }
    }
}
