package dev.rift.router.tls;

import dev.rift.pgwire.message.ErrorResponse;
import dev.rift.pgwire.message.GssEncRequest;
import dev.rift.pgwire.message.SqlState;
import dev.rift.pgwire.message.SslRequest;
import dev.rift.pgwire.message.StartupMessage;
import dev.rift.router.metrics.ProxyMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * The encryption requests a client may send before its StartupMessage, answered as PostgreSQL answers them
 * (ProcessStartupPacket in postmaster.c): an SSLRequest gets 'S' when a certificate is configured, and the session
 * continues inside TLS, else 'N'; a GSSENCRequest always gets 'N'. Each may be asked once (the other one may
 * follow a refusal, in either order), and nothing once TLS is on; a repeated request is read as a StartupMessage
 * of protocol 1234.5679 (or .5680), which PostgreSQL refuses with 0A000. With {@link ClientTls.Mode#REQUIRE} a StartupMessage in plain text is refused with 28000 before
 * anything reaches the upstream. Cancel requests pass in plain text in every mode: libpq sends them so.
 *
 * <p>It sits between the frame decoder and the session, and leaves the pipeline once the StartupMessage (or a
 * CancelRequest) has passed, so the query cycle does not go through it.
 */
public final class EncryptionNegotiation extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(EncryptionNegotiation.class);
    /** Where the TLS handler goes: in front of the frame decoder, so the decoder reads decrypted bytes. */
    public static final String DECODER = "frontend-decoder";

    private final ClientTls tls;
    private final ProxyMetrics metrics;
    private final Duration handshakeTimeout;
    private boolean sslAsked;
    private boolean gssAsked;
    private boolean encrypted;

    public EncryptionNegotiation(ClientTls tls, ProxyMetrics metrics, Duration handshakeTimeout) {
        this.tls = tls;
        this.metrics = metrics;
        this.handshakeTimeout = handshakeTimeout;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof SslRequest) {
            onSslRequest(ctx);
        } else if (msg instanceof GssEncRequest) {
            onGssEncRequest(ctx);
        } else if (msg instanceof StartupMessage s) {
            onStartup(ctx, s);
        } else {
            // A CancelRequest, or (in a session already past startup) nothing this handler needs to see.
            ctx.pipeline().remove(this);
            ctx.fireChannelRead(msg);
        }
    }

    private void onSslRequest(ChannelHandlerContext ctx) {
        if (sslAsked) {
            refuseRepeatedRequest(ctx, SslRequest.CODE);
            return;
        }
        sslAsked = true;
        if (!tls.offered()) {
            // As PostgreSQL: a client refused TLS may still ask for GSSAPI encryption (libpq asks in either order).
            ctx.writeAndFlush(ctx.alloc().buffer(1).writeByte('N'));
            return;
        }
        gssAsked = true; // inside TLS, nothing more can be negotiated
        // The 'S' goes out in the clear, so it is written before the TLS handler is in place. The decoder has
        // checked that nothing followed the request (CVE-2021-23214): the next bytes are the client's handshake.
        ctx.writeAndFlush(ctx.alloc().buffer(1).writeByte('S'));
        SslHandler handler = tls.newHandler(ctx.alloc(), handshakeTimeout);
        ctx.pipeline().addBefore(DECODER, "tls", handler);
        encrypted = true;
    }

    private void onGssEncRequest(ChannelHandlerContext ctx) {
        if (gssAsked) {
            refuseRepeatedRequest(ctx, GssEncRequest.CODE);
            return;
        }
        gssAsked = true;
        ctx.writeAndFlush(ctx.alloc().buffer(1).writeByte('N'));
    }

    /** PostgreSQL reads a request it will not answer again as a startup packet of an impossible protocol version. */
    private void refuseRepeatedRequest(ChannelHandlerContext ctx, int code) {
        refuse(ctx, ErrorResponse.fatal(SqlState.FEATURE_NOT_SUPPORTED, "unsupported frontend protocol "
                + (code >>> 16) + "." + (code & 0xffff) + ": server supports 3.0 to 3.0"));
    }

    private void onStartup(ChannelHandlerContext ctx, StartupMessage startup) {
        metrics.startup(encrypted);
        if (tls.required() && !encrypted) {
            log.info("refusing client {} of user {}: it did not ask for TLS, which is required",
                    ctx.channel().remoteAddress(), startup.user());
            refuse(ctx, ErrorResponse.fatal(SqlState.INVALID_AUTHORIZATION_SPECIFICATION, "SSL required: this server"
                    + " accepts only encrypted connections (user \"" + startup.user() + "\", database \""
                    + startup.parameters().getOrDefault("database", startup.user()) + "\", no encryption)")
                    .withHint("Connect with sslmode=require (or prefer)."));
            return;
        }
        ctx.pipeline().remove(this);
        ctx.fireChannelRead(startup);
    }

    /** Ends the connection with a FATAL error, before the session has done anything (so it has nothing to undo). */
    private void refuse(ChannelHandlerContext ctx, ErrorResponse error) {
        ctx.channel().config().setAutoRead(false);
        ByteBuf out = ctx.alloc().buffer();
        error.encode(out);
        ctx.writeAndFlush(out).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof SslHandshakeCompletionEvent done && !done.isSuccess()) {
            // As PostgreSQL logs "could not accept SSL connection"; the SslHandler closes the connection.
            String cause = done.cause().toString();
            // Netty's NotSslRecordException quotes the client's bytes in hex: a line's worth is enough.
            log.info("TLS handshake with client {} failed: {}", ctx.channel().remoteAddress(),
                    cause.length() > 160 ? cause.substring(0, 160) + "…" : cause);
        }
        ctx.fireUserEventTriggered(event);
    }
}
