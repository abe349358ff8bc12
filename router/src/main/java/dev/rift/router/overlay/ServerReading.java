package dev.rift.router.overlay;

import dev.rift.pgwire.Frame;
import dev.rift.pgwire.message.MessageType;
import dev.rift.pgwire.message.ParameterStatus;
import dev.rift.router.sql.StandardStrings;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;

import java.nio.charset.StandardCharsets;

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

    /** The text rift plans for a client's {@code sql}: read as the server reads it now (see StandardStrings). */
    String readable(String sql) {
        return StandardStrings.independent(sql, standardStrings);
    }

    /**
     * Whether a Query or Parse must wait for the statements in flight: one of them may change
     * standard_conforming_strings or client_encoding (any function may call set_config), and the server reads this
     * text under the changed settings, which rift learns only from the ParameterStatus before their
     * ReadyForQuery. Only a text the settings could matter to waits (one with a backslash or a non-ASCII byte:
     * every client encoding reads ASCII alike), and only when the server will answer without the client's Sync;
     * otherwise see {@link #unreadable}. (Within one simple Query the server lexes the whole string before running
     * any of it, under the settings at its start, so a SET in it does not change how the rest is read: the settings
     * rift knows then apply. StatementReadingOnBranchTest checks that with the server.)
     */
    boolean mustAwait(ByteBuf frame) {
        byte type = Frame.type(frame);
        if ((type != MessageType.QUERY && type != MessageType.PARSE) || settled() || !settlesByItself()) {
            return false;
        }
        return Frame.body(frame).forEachByte(b -> b != '\\' && b >= 0) >= 0;
    }

    /**
     * Why rift cannot read {@code sql} as the server does, or null when it can: its bytes ({@code raw}, or null when
     * checked before) are not UTF-8, which is how rift reads them, so two different characters may both look like
     * U+FFFD to rift and it cannot tell where a $tag$ quote ends; or an Execute of the same pipeline may have
     * changed the settings (no ReadyForQuery comes before the client's Sync) and the text reads differently under
     * the other standard_conforming_strings or holds characters another client encoding would read otherwise.
     */
    String unreadable(ByteBuf raw, String sql) {
        if (raw != null && sql.indexOf('\uFFFD') >= 0
                && !ByteBufUtil.equals(raw, Unpooled.wrappedBuffer(sql.getBytes(StandardCharsets.UTF_8)))) {
            return "rift reads the statements of a branch session as UTF-8, and this one is not valid UTF-8 (client"
                    + " encoding " + clientEncoding + "): rift cannot tell where the server ends its quoted strings";
        }
        if (settled()) {
            return null;
        }
        boolean nonAscii = false;
        for (int i = 0; i < sql.length() && !nonAscii; i++) {
            nonAscii = sql.charAt(i) >= 0x80;
        }
        if (nonAscii || StandardStrings.dependsOnSetting(sql)) {
            return "rift cannot tell how the server reads this statement: an earlier statement of the same pipeline"
                    + " may have changed standard_conforming_strings or client_encoding; send a Sync before it";
        }
        return null;
    }
}
