package dev.rift.router;

import dev.rift.pgwire.FrontendDecoder;
import dev.rift.router.metrics.Metrics;
import dev.rift.router.metrics.ProxyMetrics;
import dev.rift.router.overlay.PlanningLanes;
import dev.rift.router.overlay.StatementPlanner;
import dev.rift.router.session.BranchSessions;
import dev.rift.router.session.CancelKeys;
import dev.rift.router.session.ClientSession;
import dev.rift.router.session.SessionLogins;
import dev.rift.router.session.SessionServices;
import dev.rift.router.session.UpstreamConnector;
import dev.rift.router.session.UpstreamSlots;
import dev.rift.router.tls.EncryptionNegotiation;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The PostgreSQL-speaking front door: accepts clients and gives each a {@link ClientSession}. */
public final class ProxyServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ProxyServer.class);

    private final ProxyConfig config;
    private final SessionServices services;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Channel listener;
    /** Every client connection, so a drain can reach each; a channel leaves the group when it closes. */
    private final ChannelGroup clients = new DefaultChannelGroup("rift-clients", GlobalEventExecutor.INSTANCE);
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CountDownLatch closed = new CountDownLatch(1);
    /** Client connections open now, refused ones included until they are closed (--max-client-conn). */
    private final AtomicInteger openClients = new AtomicInteger();
    private final UpstreamSlots upstreamSlots;

    private ProxyServer(ProxyConfig config, BranchDirectory branches, StatementPlanner planner, PlanningLanes planning,
                        SessionLogins logins) throws InterruptedException {
        this.config = config;
        Transport transport = Transport.best();
        BranchSessions sessions = new BranchSessions();
        this.services = new SessionServices(branches, new UpstreamConnector(transport.clientChannel()), new CancelKeys(),
                planner, planning, sessions, new ProxyMetrics(new Metrics(), sessions), logins);
        ConnectionLimits limits = config.limits();
        // Without a reading of the upstream (RiftServer makes one), assume a PostgreSQL as installed.
        this.upstreamSlots = new UpstreamSlots(limits.upstreamLimit(UpstreamCapacity.POSTGRES_DEFAULT),
                limits.upstreamWait());
        this.boss = transport.newGroup(1);
        this.workers = transport.newGroup(0);
        try {
            ServerBootstrap b = new ServerBootstrap()
                    .group(boss, workers)
                    .channel(transport.serverChannel())
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(64 * 1024, 256 * 1024))
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            services.metrics().connectionAccepted();
                            int open = openClients.incrementAndGet();
                            ch.closeFuture().addListener(f -> openClients.decrementAndGet());
                            if (open > limits.maxClientConn()) {
                                ch.pipeline().addLast(new FrontendDecoder(config.maxFrameLength()),
                                        new TooManyClients(services));
                                return;
                            }
                            clients.add(ch);
                            ch.pipeline().addLast(EncryptionNegotiation.DECODER,
                                    new FrontendDecoder(config.maxFrameLength()));
                            ch.pipeline().addLast("encryption", new EncryptionNegotiation(config.clientTls(),
                                    services.metrics(), config.startupTimeout()));
                            ch.pipeline().addLast("session", new ClientSession(services, config.startupTimeout(),
                                    limits.authTimeout(), upstreamSlots));
                        }
                    });
            this.listener = b.bind(config.listenHost(), config.listenPort()).sync().channel();
        } catch (Exception e) {
            boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            if (e instanceof InterruptedException ie) {
                throw ie;
            }
            throw new IllegalStateException("cannot listen on " + config.listenHost() + ":" + config.listenPort() + ": "
                    + e.getMessage() + " (pick another address with --listen HOST:PORT)", e);
        }
        log.info("rift listening on {}:{} ({}, {} toward clients), upstream {}; up to {} clients and {} connections"
                        + " per upstream server", config.listenHost(), port(), transport.name(), config.clientTls(),
                config.upstream() == null ? "per branch (snapshot mode)" : config.upstream(), limits.maxClientConn(),
                upstreamSlots.limit());
    }

    /** Binds and starts serving; fails if the address is taken. */
    public static ProxyServer start(ProxyConfig config, BranchDirectory branches) throws InterruptedException {
        return new ProxyServer(config, branches, null, null, SessionLogins.NONE);
    }

    /**
     * A proxy that also serves overlay branches, planning their statements with {@code planner}; their sessions run
     * as the session roles {@code logins} gives.
     */
    public static ProxyServer start(ProxyConfig config, BranchDirectory branches, StatementPlanner planner,
                                    PlanningLanes planning, SessionLogins logins) throws InterruptedException {
        return new ProxyServer(config, branches, planner, planning, logins);
    }

    public static ProxyServer start(ProxyConfig config) throws InterruptedException {
        return start(config, BranchDirectory.mainOnly(config.upstream()));
    }

    public int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    public String host() {
        return config.listenHost();
    }

    public SessionServices services() {
        return services;
    }

    /** Client connections open now, ones being refused included (--max-client-conn). */
    public int clientConnections() {
        return openClients.get();
    }

    /** The connections sessions hold on each upstream server (--max-upstream-conn). */
    public UpstreamSlots upstreamSlots() {
        return upstreamSlots;
    }

    /** This proxy's metrics (docs/metrics.md); servers add theirs to the same registry. */
    public Metrics metrics() {
        return services.metrics().metrics();
    }

    /** Blocks until the server is closed. */
    public void awaitClose() throws InterruptedException {
        closed.await();
    }

    /**
     * A graceful stop, as PostgreSQL's shutdown on SIGTERM: stops accepting connections (the listening socket
     * closes, so new clients are refused), ends idle sessions with 57P01, lets each statement in flight finish
     * and then ends its session, and waits up to {@code timeout} for every session to be gone. Sessions still open
     * then are ended by {@link #close()}, which the caller runs next: their statements are cancelled on the
     * upstream and their clients get 57P01.
     *
     * @return whether every session ended within the timeout
     */
    public boolean drain(Duration timeout) throws InterruptedException {
        listener.close().sync();
        log.info("draining {} client connections (up to {})", clients.size(), timeout);
        var allClosed = clients.newCloseFuture();
        clients.forEach(ch -> {
            ClientSession session = ch.pipeline().get(ClientSession.class);
            if (session != null) {
                session.endWhenIdle();
            } else {
                ch.close();
            }
        });
        boolean done = allClosed.await(timeout.toMillis());
        if (!done) {
            log.warn("{} sessions were still running statements after {}: ending them", clients.size(), timeout);
        }
        return done;
    }

    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        try {
            listener.close().syncUninterruptibly();
            clients.forEach(ch -> {
                ClientSession session = ch.pipeline().get(ClientSession.class);
                if (session != null) {
                    session.endNow();
                }
            });
            clients.newCloseFuture().awaitUninterruptibly(2, TimeUnit.SECONDS);
            workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        } finally {
            closed.countDown();
        }
    }
}
