package dev.rift.router.session;

import dev.rift.pgwire.FrontendDecoder;
import dev.rift.pgwire.message.ErrorResponse;
import dev.rift.pgwire.message.SqlState;
import dev.rift.pgwire.message.StartupMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/** The startup packets refused before any branch is looked up, in PostgreSQL's words where it refuses them too. */
final class StartupRefusal {
    private StartupRefusal() {}

    /** The FATAL that refuses this startup, or null when it may go on. */
    static ErrorResponse of(StartupMessage s) {
        if (s.majorVersion() != 3) {
            return ErrorResponse.fatal(SqlState.FEATURE_NOT_SUPPORTED, "unsupported frontend protocol "
                    + s.majorVersion() + "." + (s.protocolVersion() & 0xffff) + ": server supports 3.0 to 3.0");
        }
        if (s.user() == null || s.user().isEmpty()) {
            return ErrorResponse.fatal(SqlState.INVALID_AUTHORIZATION_SPECIFICATION,
                    "no PostgreSQL user name specified in startup packet");
        }
        String replication = s.parameters().get("replication");
        if (replication != null && !replication.equalsIgnoreCase("false") && !replication.equals("0")
                && !replication.equalsIgnoreCase("off") && !replication.equalsIgnoreCase("no")) {
            return ErrorResponse.fatal(SqlState.FEATURE_NOT_SUPPORTED,
                    "replication connections are not supported through rift");
        }
        return null;
    }

    /** The FATAL when the startup rift sends upstream, naming the upstream database, is past PostgreSQL's limit. */
    static ErrorResponse tooLong(StartupMessage upstreamStartup, ByteBufAllocator alloc) {
        ByteBuf probe = alloc.buffer();
        try {
            upstreamStartup.encode(probe);
            if (probe.readableBytes() - 4 > FrontendDecoder.MAX_STARTUP_LENGTH) {
                return ErrorResponse.fatal(SqlState.PROTOCOL_VIOLATION, "startup packet too long once rift names the"
                        + " upstream database \"" + upstreamStartup.parameters().get("database") + "\"");
            }
            return null;
        } finally {
            probe.release();
        }
    }
}
