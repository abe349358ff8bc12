package dev.rift.router.session;

import dev.rift.pgwire.message.ErrorResponse;
import dev.rift.pgwire.message.SqlState;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.SocketAddress;

/** What the client is told when its connection fails under its session, in PostgreSQL's words where it has them. */
final class ClientFailure {
    private static final Logger log = LoggerFactory.getLogger(ClientSession.class);

    private ClientFailure() {}

    /** The FATAL that ends the session, or null when the connection is gone and the session just closes. */
    static ErrorResponse of(Throwable cause, SocketAddress client) {
        Throwable c = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (c instanceof CorruptedFrameException || c instanceof TooLongFrameException) {
            // Thrown by pgwire's decoders only, with messages written for the client (the limit, the bad length).
            log.debug("closing client {}: {}", client, c.getMessage());
            String state = c instanceof TooLongFrameException ? SqlState.PROGRAM_LIMIT_EXCEEDED : SqlState.PROTOCOL_VIOLATION;
            return ErrorResponse.fatal(state, c.getMessage());
        }
        if (c instanceof IOException) {
            log.debug("client {} connection error: {}", client, c.getMessage());
            return null;
        }
        if (cause instanceof DecoderException || c instanceof IndexOutOfBoundsException) {
            // A frame whose fields run past its end: PostgreSQL's words; the buffer's own account is for the log only.
            log.debug("closing client {}: malformed message", client, c);
            return ErrorResponse.fatal(SqlState.PROTOCOL_VIOLATION, "invalid message format");
        }
        log.error("unexpected error in session for {}", client, c);
        return ErrorResponse.fatal(SqlState.INTERNAL_ERROR, "internal error in rift");
    }
}
