package dev.rift.router.session;

import dev.rift.pgwire.message.SqlState;
import dev.rift.pgwire.message.StartupMessage;
import dev.rift.router.Route;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a session's connection to its branch's server: waits for the upstream slot the session claimed
 * (--max-upstream-conn), connects once it is granted, and sends the client's startup there, so that the server
 * authenticates the client.
 */
final class UpstreamOpening {
    private static final Logger log = LoggerFactory.getLogger(ClientSession.class);

    /** The session the connection is opened for. */
    interface Opener {
        /** Whether the session ended meanwhile (its end gave the slot back). */
        boolean ended();

        /** The connection is open: the session's upstream from now on. */
        void connected(Channel upstream);

        /** The client's startup went upstream: the server authenticates the client now. */
        void startupSent();

        void fail(String sqlState, String message);
    }

    private UpstreamOpening() {}

    static void open(SessionServices services, UpstreamSlots.Ticket slot, Channel client, Route route,
                     StartupMessage startup, ChannelHandler upstreamSide, Opener session) {
        slot.granted().addListener(g -> {
            if (session.ended()) {
                return;
            }
            if (!g.isSuccess()) {
                log.info("client {} for branch {} refused: {}", client.remoteAddress(), route.branch(),
                        g.cause().getMessage());
                session.fail(SqlState.TOO_MANY_CONNECTIONS, g.cause().getMessage()); // LimitReached: rift's own words
                return;
            }
            services.connector().connect(client.eventLoop(), route.server(), upstreamSide).addListener(f -> {
                if (!f.isSuccess()) {
                    log.warn("session for branch {}: {}", route.branch(), f.cause().getMessage());
                    session.fail(SqlState.CONNECTION_FAILURE, UpstreamConnector.failure(route.branch(), f.cause()));
                    return;
                }
                Channel upstream = (Channel) f.getNow();
                session.connected(upstream);
                if (session.ended()) {
                    upstream.close();
                    return;
                }
                ByteBuf out = upstream.alloc().buffer();
                startup.encode(out);
                upstream.writeAndFlush(out);
                session.startupSent();
            });
        });
    }
}
