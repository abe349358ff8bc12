package dev.rift.router.session;

import dev.rift.pgwire.Frame;
import dev.rift.pgwire.message.BackendKeyData;
import dev.rift.pgwire.message.MessageType;
import dev.rift.router.Route;
import dev.rift.router.overlay.ClientEncodings;
import dev.rift.router.overlay.ServerReading;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * The upstream connection's end of a {@link ClientSession}: relays the server's authentication to the client, notes
 * what the session needs of it (the backend's key, the settings an overlay session reads its statements under),
 * makes the session ready at the server's first ReadyForQuery, then hands the server's frames to the session's mode.
 */
final class UpstreamSide extends ChannelInboundHandlerAdapter {
    private final ClientSession session;
    private final Channel client;
    private final Route route;
    private final ServerReading reading;
    private final IssuedCancelKey key;
    private final RequestsInFlight requests;

    UpstreamSide(ClientSession session, Channel client, Route route, ServerReading reading, IssuedCancelKey key,
                 RequestsInFlight requests) {
        this.session = session;
        this.client = client;
        this.route = route;
        this.reading = reading;
        this.key = key;
        this.requests = requests;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf frame = (ByteBuf) msg;
        if (ctx.channel() != session.upstream()) {
            frame.release(); // the connection the client authenticated on, replaced by its session role's
            return;
        }
        if (session.phase() == ClientSession.Phase.READY) {
            ByteBuf out = session.mode().fromUpstream(frame);
            if (out != null) {
                int ready = requests.answered(out); // read before the bytes are written away
                forward(out);
                session.answered(ready);
            }
            return;
        }
        if (session.phase() == ClientSession.Phase.CLOSED) {
            frame.release();
            return;
        }
        authenticating(ctx, frame);
    }

    private void authenticating(ChannelHandlerContext ctx, ByteBuf frame) {
        byte type = Frame.type(frame);
        boolean overlayRoute = route.mode() == Route.Mode.OVERLAY;
        if (type == MessageType.PARAMETER_STATUS && session.phase() == ClientSession.Phase.AUTHENTICATING) {
            reading.parameterStatus(frame);
        }
        if (type == MessageType.BACKEND_KEY_DATA) {
            BackendKeyData upstreamKey = BackendKeyData.decode(frame);
            frame.release();
            if (!overlayRoute) {
                key.issue(route.server(), upstreamKey, client); // the client gets rift's key in its place
            }
            return;
        }
        if (type == MessageType.READY_FOR_QUERY && overlayRoute) {
            frame.release();
            String encoding = reading.clientEncoding();
            if (ClientEncodings.unsafe(encoding)) {
                session.fatal(ClientEncodings.refusal(encoding));
                return;
            }
            session.continueAsSessionRole();
            return;
        }
        if (type == MessageType.READY_FOR_QUERY) {
            session.ready();
            if (route.mode() != Route.Mode.CONTROL) {
                // A relayed session never looks at the server's messages again: forward its bytes
                // as they arrive, without splitting them into frames.
                forward(frame);
                ctx.pipeline().remove("backend-decoder");
                return;
            }
        }
        forward(frame);
    }

    private void forward(ByteBuf frame) {
        client.write(frame, client.voidPromise());
        if (!client.isWritable()) {
            session.upstream().config().setAutoRead(false);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (ctx.channel() == session.upstream()) {
            client.flush();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable() && session.phase() != ClientSession.Phase.CONNECTING) {
            client.config().setAutoRead(true);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (ctx.channel() != session.upstream()) {
            return; // the connection the client authenticated on, closed by rift
        }
        session.upstreamEnded();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (ctx.channel() != session.upstream()) {
            ctx.close();
            return;
        }
        session.upstreamFailed(cause);
    }
}
