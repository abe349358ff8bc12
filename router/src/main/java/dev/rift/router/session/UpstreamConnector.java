package dev.rift.router.session;

import dev.rift.pgwire.BackendDecoder;
import dev.rift.pgwire.message.CancelRequest;
import dev.rift.pgwire.message.SslRequest;
import dev.rift.router.ProxyConfig;
import dev.rift.storage.UpstreamUrl;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Opens connections to an upstream server on the client's own event loop (no hand-off between
 * threads on the hot path) and negotiates TLS as the server's sslmode asks, before handing the
 * channel over with a {@link BackendDecoder} and the given handler installed.
 */
public final class UpstreamConnector {
    private static final Logger log = LoggerFactory.getLogger(UpstreamConnector.class);
    private final Class<? extends SocketChannel> channelClass;
    private final Map<UpstreamUrl, UpstreamTls> tls = new ConcurrentHashMap<>();

    public UpstreamConnector(Class<? extends SocketChannel> channelClass) {
        this.channelClass = channelClass;
    }

    public Promise<Channel> connect(EventLoop loop, UpstreamUrl server, ChannelHandler handler) {
        Promise<Channel> ready = loop.newPromise();
        UpstreamTls serverTls = tls.computeIfAbsent(server, UpstreamTls::new);
        Bootstrap b = new Bootstrap()
                .group(loop)
                .channel(channelClass)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                .option(ChannelOption.AUTO_READ, true)
                .handler(new ChannelInboundHandlerAdapter());
        ChannelFuture cf = b.connect(server.host(), server.port());
        cf.addListener(f -> {
            if (!f.isSuccess()) {
                ready.tryFailure(new IOException("could not connect to upstream " + server.host() + ":"
                        + server.port() + ": " + f.cause().getMessage(), f.cause()));
                return;
            }
            Channel ch = cf.channel();
            if (serverTls.mode().requestsTls()) {
                ch.pipeline().addLast("ssl-negotiation", new SslNegotiation(serverTls, handler, ready));
                ByteBuf req = ch.alloc().buffer(8);
                SslRequest.INSTANCE.encode(req);
                ch.writeAndFlush(req);
            } else {
                finish(ch, handler, ready);
            }
        });
        return ready;
    }

    /**
     * Delivers a cancel to the upstream backend on a fresh connection, in plain text as libpq
     * may (PostgreSQL reads a CancelRequest before any TLS or authentication).
     *
     * @return completes once the request is written (or could not be): a shutdown waits for it
     */
    /**
     * The client's account of a failed connection to the server of {@code branch}: the connector's own words (refused,
     * TLS required, handshake failed), never a stack's.
     */
    static String failure(String branch, Throwable cause) {
        String why = cause instanceof java.io.IOException io && io.getMessage() != null
                ? ": " + io.getMessage().lines().findFirst().orElse("") : "";
        return "could not connect to the server of branch \"" + branch + "\"" + why;
    }

    public Future<Void> sendCancel(EventLoop loop, CancelKeys.Target target) {
        UpstreamUrl server = target.server();
        Promise<Void> sent = loop.newPromise();
        new Bootstrap().group(loop).channel(channelClass)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                .handler(new ChannelInboundHandlerAdapter())
                .connect(server.host(), server.port())
                .addListener((ChannelFuture f) -> {
                    if (!f.isSuccess()) {
                        log.warn("could not deliver a cancel request to {}:{}: {}", server.host(), server.port(),
                                f.cause().getMessage());
                        sent.trySuccess(null);
                        return;
                    }
                    ByteBuf out = f.channel().alloc().buffer(12 + target.upstreamKey().secretKey().length);
                    new CancelRequest(target.upstreamKey().processId(), target.upstreamKey().secretKey()).encode(out);
                    f.channel().writeAndFlush(out).addListener(ChannelFutureListener.CLOSE)
                            .addListener(w -> sent.trySuccess(null));
                });
        return sent;
    }

    private static final String HANDSHAKE_GUARD = "tls-handshake-guard";

    private static void finish(Channel ch, ChannelHandler handler, Promise<Channel> ready) {
        if (ch.pipeline().get(HANDSHAKE_GUARD) != null) {
            ch.pipeline().remove(HANDSHAKE_GUARD);
        }
        ch.pipeline().addLast("backend-decoder", new BackendDecoder(ProxyConfig.UPSTREAM_MAX_FRAME));
        ch.pipeline().addLast("upstream", handler);
        if (!ready.trySuccess(ch)) {
            ch.close();
        }
    }

    /** Fails the connection promise on any error during the TLS handshake, and closes quietly. */
    private static final class HandshakeGuard extends ChannelInboundHandlerAdapter {
        private final Promise<Channel> ready;

        HandshakeGuard(Promise<Channel> ready) {
            this.ready = ready;
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ready.tryFailure(new IOException("TLS handshake with upstream failed: " + cause.getMessage(), cause));
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            ready.tryFailure(new IOException("upstream closed the connection during the TLS handshake"));
        }
    }

    /** Reads the server's one-byte answer to SSLRequest and installs TLS when it says 'S'. */
    private static final class SslNegotiation extends ChannelInboundHandlerAdapter {
        private final UpstreamTls tls;
        private final ChannelHandler handler;
        private final Promise<Channel> ready;

        SslNegotiation(UpstreamTls tls, ChannelHandler handler, Promise<Channel> ready) {
            this.tls = tls;
            this.handler = handler;
            this.ready = ready;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf in = (ByteBuf) msg;
            try {
                if (in.readableBytes() != 1) {
                    // Bytes after the answer would be read as if encrypted (CVE-2021-23222).
                    fail(ctx, "unexpected data from upstream after its answer to SSLRequest");
                    return;
                }
                byte answer = in.readByte();
                ctx.pipeline().remove(this);
                if (answer == 'S') {
                    SslHandler ssl = tls.newHandler(ctx.alloc());
                    ctx.pipeline().addFirst("ssl", ssl);
                    // Until the session's handlers are in place, a failed handshake is this promise's failure.
                    ctx.pipeline().addLast(HANDSHAKE_GUARD, new HandshakeGuard(ready));
                    ssl.handshakeFuture().addListener(h -> {
                        if (h.isSuccess()) {
                            finish(ctx.channel(), handler, ready);
                        } else {
                            ready.tryFailure(new IOException("TLS handshake with upstream failed: "
                                    + h.cause().getMessage(), h.cause()));
                            ctx.channel().close();
                        }
                    });
                } else if (answer == 'N' && !tls.mode().requiresTls()) {
                    finish(ctx.channel(), handler, ready);
                } else if (answer == 'N') {
                    fail(ctx, "upstream does not support SSL, but sslmode=" + tls.mode().keyword() + " requires it");
                } else {
                    fail(ctx, "upstream answered SSLRequest with unexpected byte " + answer);
                }
            } finally {
                ReferenceCountUtil.release(in);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            ready.tryFailure(new IOException("upstream closed the connection during SSL negotiation"));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ready.tryFailure(cause);
            ctx.close();
        }

        private void fail(ChannelHandlerContext ctx, String message) {
            ready.tryFailure(new IOException(message));
            ctx.close();
        }
    }
}
