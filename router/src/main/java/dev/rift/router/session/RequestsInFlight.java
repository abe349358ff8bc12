package dev.rift.router.session;

import dev.rift.pgwire.message.MessageType;
import io.netty.buffer.ByteBuf;

/**
 * What a shutdown that lets statements finish (rift serve on SIGTERM) needs to tell a statement in flight from an idle
 * session: the client's requests sent upstream and the server's ReadyForQuery answers relayed back.
 */
final class RequestsInFlight {
    private final ReadyForQueryCounter readyMessages = new ReadyForQueryCounter();
    /** Queries, Syncs and function calls sent whose ReadyForQuery has not come back yet. */
    private int awaitingReady;
    /** Extended-protocol messages sent since the last Sync (a request the client has not finished). */
    private boolean requestOpen;
    private boolean endWhenIdle;

    /** Notes a client message of this type sent upstream. */
    void sent(byte type) {
        switch (type) {
            case MessageType.QUERY, MessageType.SYNC, MessageType.FUNCTION_CALL -> {
                awaitingReady++;
                requestOpen = false;
            }
            case MessageType.PARSE, MessageType.BIND, MessageType.EXECUTE, MessageType.DESCRIBE, MessageType.CLOSE,
                 MessageType.FLUSH -> requestOpen = true;
            default -> { } // COPY data belongs to a Query already counted; Terminate ends the session anyway
        }
    }

    /** Notes the server's bytes relayed to the client: returns how many ReadyForQuery messages end in them. */
    int answered(ByteBuf bytes) {
        int ready = readyMessages.count(bytes);
        if (ready > 0) {
            awaitingReady = Math.max(0, awaitingReady - ready);
        }
        return ready;
    }

    boolean idle() {
        return awaitingReady == 0 && !requestOpen;
    }

    /** The session is to end once nothing is in flight. */
    void endWhenIdle() {
        endWhenIdle = true;
    }

    /** Whether the session was to end once idle, and now is. */
    boolean ending() {
        return endWhenIdle && idle();
    }
}
