package dev.rift.router;

import dev.rift.pgwire.message.CancelRequest;
import dev.rift.pgwire.message.ErrorResponse;
import dev.rift.pgwire.message.SqlState;
import dev.rift.router.session.SessionServices;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A client beyond {@code --max-client-conn}, answered as PostgreSQL answers one beyond max_connections: its first
 * packet is read (a cancel request is still delivered, as PostgreSQL does), then it is told 53300 "sorry, too many
 * clients already" and closed. Nothing reaches an upstream. An SSLRequest gets the error instead of 'S' or 'N', which
 * libpq and pgjdbc report as the server's refusal. Reading first matters: closing a socket with unread input resets
 * it, and the client could lose the answer.
 */
final class TooManyClients extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(TooManyClients.class);
    /** A client over the limit that says nothing is not waited for long. */
    private static final long SILENCE_MILLIS = 2_000;

    private final SessionServices services;
    private ScheduledFuture<?> silence;
    private boolean answered;

    TooManyClients(SessionServices services) {
        this.services = services;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        log.info("refusing client {}: --max-client-conn reached", ctx.channel().remoteAddress());
        silence = ctx.executor().schedule(() -> refuse(ctx), SILENCE_MILLIS, TimeUnit.MILLISECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof CancelRequest c && !answered) {
                answered = true;
                services.cancelKeys().find(c).ifPresent(t -> services.connector().sendCancel(ctx.channel().eventLoop(), t));
                ctx.close(); // as PostgreSQL: a cancel request gets no reply
                return;
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
        refuse(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        refuse(ctx); // a malformed first packet: the answer is the same
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        silence.cancel(false);
    }

    private void refuse(ChannelHandlerContext ctx) {
        if (answered) {
            return;
        }
        answered = true;
        silence.cancel(false);
        ByteBuf out = ctx.alloc().buffer();
        ErrorResponse.fatal(SqlState.TOO_MANY_CONNECTIONS, "sorry, too many clients already").encode(out);
        ctx.writeAndFlush(out).addListener(ChannelFutureListener.CLOSE);
    }
}
