package dev.rift.web;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The control API and the dashboard page over HTTP/1.1 (docs/http.md), in the process that runs the proxy. A small
 * event loop of its own, so API traffic never competes with the proxy's event loops, and a worker pool for the
 * endpoints, which block on PostgreSQL.
 */
public final class HttpApiServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpApiServer.class);
    /** Request bodies are small JSON objects; anything larger is answered 413 by the aggregator. */
    private static final int MAX_BODY = 64 * 1024;
    private static final int WORKERS = 8;

    private final HttpApiConfig config;
    private final EventLoopGroup loop;
    private final ExecutorService workers;
    private final Channel listener;

    private HttpApiServer(HttpApiConfig config, Routes routes) throws InterruptedException {
        this.config = config;
        this.loop = new NioEventLoopGroup(2, daemonThreads("rift-http-io-"));
        this.workers = Executors.newFixedThreadPool(WORKERS, daemonThreads("rift-http-"));
        StaticAssets assets = new StaticAssets();
        SameOriginPolicy origins = new SameOriginPolicy(config.host(), config.allowedHosts());
        try {
            this.listener = new ServerBootstrap()
                    .group(loop)
                    .channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast("codec", new HttpServerCodec());
                            ch.pipeline().addLast("keep-alive", new HttpServerKeepAliveHandler());
                            ch.pipeline().addLast("aggregator", new HttpObjectAggregator(MAX_BODY));
                            ch.pipeline().addLast("api", new ApiHandler(routes, origins, assets, config.token(),
                                    workers));
                        }
                    })
                    .bind(config.host(), config.port()).sync().channel();
        } catch (Exception e) {
            close(loop, workers);
            if (e instanceof InterruptedException ie) {
                throw ie;
            }
            throw new IllegalStateException("cannot serve HTTP on " + config.host() + ":" + config.port() + ": "
                    + e.getMessage() + " (pick another address with --http HOST:PORT, or --http off)", e);
        }
        log.info("HTTP API on {}:{} ({})", config.host(), port(), config.token() == null ? "no token" : "bearer token");
    }

    /** Binds and serves {@code routes} (see {@link ApiRoutes#of(BranchService)}) and the page. */
    public static HttpApiServer start(HttpApiConfig config, Routes routes) throws InterruptedException {
        return new HttpApiServer(config, routes);
    }

    public int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    public String host() {
        return config.host();
    }

    @Override
    public void close() {
        listener.close().syncUninterruptibly();
        close(loop, workers);
    }

    private static void close(EventLoopGroup loop, ExecutorService workers) {
        workers.shutdownNow();
        loop.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static java.util.concurrent.ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
