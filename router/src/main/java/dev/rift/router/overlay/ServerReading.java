package dev.rift.router.overlay;

import dev.rift.pgwire.message.MessageType;
import dev.rift.pgwire.message.ParameterStatus;
import io.netty.buffer.ByteBuf;

/**
 * How the upstream server reads the next text the session sends it: under which {@code standard_conforming_strings}
 * and {@code client_encoding}. Only the server's ParameterStatus reports count (at startup, and before each
 * ReadyForQuery after a change: SET, SET LOCAL, RESET, set_config, a function, a rolled back SET), never the
 * client's SQL. A report is certain only while nothing the session sent is still running: until the
 * ReadyForQuery of everything sent has arrived, a statement in flight may have changed either setting.
 */
public final class ServerReading {
    private boolean standardStrings = true;
    private String clientEncoding = "UTF8";
    /** Queries, Syncs and function calls sent whose ReadyForQuery has not arrived. */
    private int awaitingReady;
    /** An Execute was sent since the last Sync: its effects show only after a Sync the client has yet to send. */
    private boolean executedSinceSync;

    /** Notes a ParameterStatus frame (left unread). */
    public void parameterStatus(ByteBuf frame) {
        ParameterStatus status = ParameterStatus.decode(frame);
        switch (status.name()) {
            case "standard_conforming_strings" -> standardStrings = !"off".equalsIgnoreCase(status.value());
            case "client_encoding" -> clientEncoding = status.value();
            default -> { }
        }
    }

    public boolean standardStrings() {
        return standardStrings;
    }

    public String clientEncoding() {
        return clientEncoding;
    }

    /** Notes a frontend message of this type sent upstream. */
    void sent(byte type) {
        switch (type) {
            case MessageType.QUERY, MessageType.SYNC -> {
                awaitingReady++;
                executedSinceSync = false;
            }
            case MessageType.FUNCTION_CALL -> awaitingReady++;
            case MessageType.EXECUTE -> executedSinceSync = true;
            default -> { }
        }
    }

    void readyForQuery() {
        awaitingReady = Math.max(0, awaitingReady - 1);
    }

    /** Whether the last reports are the server's settings now: nothing sent is still running. */
    boolean settled() {
        return awaitingReady == 0 && !executedSinceSync;
    }

    /** Whether waiting for the server settles the reading without the client sending more (no Sync is owed). */
    boolean settlesByItself() {
        return !executedSinceSync;
    }
}
