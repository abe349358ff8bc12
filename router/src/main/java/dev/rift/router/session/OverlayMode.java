package dev.rift.router.session;

import dev.rift.pgwire.message.ErrorResponse;
import dev.rift.pgwire.message.SqlState;
import dev.rift.router.metrics.ProxyMetrics;
import dev.rift.router.metrics.StatementClock;
import dev.rift.router.overlay.OverlayPipeline;
import dev.rift.router.overlay.ServerReading;
import dev.rift.router.overlay.StatementPlanner;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.handler.codec.CorruptedFrameException;

import java.util.function.Consumer;

/** An overlay branch's session: every message goes through its {@link OverlayPipeline}; statements count as planned. */
record OverlayMode(OverlayPipeline pipeline) implements SessionMode {

    /** The mode of a session whose client role's session role is ready on {@code upstream}. */
    static OverlayMode open(SessionServices services, Channel client, Channel upstream, String branch, String user,
                            ServerReading reading, Consumer<ErrorResponse> end) {
        return new OverlayMode(new OverlayPipeline(client, upstream, services.planner(), services.planning(), branch,
                user, StatementPlanner.DEFAULT_SEARCH_PATH, () -> end.accept(ErrorResponse.fatal(SqlState.ADMIN_SHUTDOWN,
                "terminating connection because branch \"" + branch + "\" was deleted")), services.metrics(), reading,
                end));
    }

    /**
     * A message whose fields run past its end fails to decode before the pipeline has taken the frame: it is this
     * session's to release then, and the failure ends the session (ClientSession.exceptionCaught).
     */
    @Override
    public ByteBuf fromClient(ByteBuf frame) {
        try {
            pipeline.fromClient(frame);
        } catch (IndexOutOfBoundsException | CorruptedFrameException e) {
            if (frame.refCnt() > 0) {
                frame.release();
            }
            throw e;
        }
        return null;
    }

    @Override
    public ByteBuf fromUpstream(ByteBuf bytes) {
        return pipeline.fromUpstream(bytes);
    }

    @Override
    public void metered(byte type, StatementClock clock, ProxyMetrics metrics) {
        clock.fromClient(type);
    }

    @Override
    public void close() {
        pipeline.close();
    }
}
