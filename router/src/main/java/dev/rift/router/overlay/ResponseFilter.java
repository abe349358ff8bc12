package dev.rift.router.overlay;

import dev.rift.pgwire.Frame;
import dev.rift.pgwire.message.CommandComplete;
import dev.rift.pgwire.message.ErrorResponse;
import dev.rift.pgwire.message.MessageType;
import dev.rift.pgwire.message.NotificationResponse;
import dev.rift.router.sql.BranchChannels;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.util.ArrayDeque;

/**
 * The upstream-to-client half of an overlay session: matches every response frame against what
 * rift sent, forwards the client's, swallows the hidden ones, and rewrites command tags where a
 * statement's rewrite asks for it. Messages PostgreSQL may send at any time (notifications, parameter status)
 * always pass (a notification under the channel name the client used on its branch), and notices do unless they come from rift's own hidden statements (relabelled as errors are, ErrorFields).
 */
final class ResponseFilter {
    private final ArrayDeque<Expectation> expected = new ArrayDeque<>();
    /** The upstream prefix of the branch's notification channels, taken off again for the client. */
    private final String channelPrefix;

    ResponseFilter(String channelPrefix) {
        this.channelPrefix = channelPrefix;
    }

    void expect(Expectation e) {
        expected.addLast(e);
    }

    /**
     * Decides what to do with one upstream frame: returns the frame to forward (the same one, or a
     * replacement, in which case the original is released), or null when it is swallowed (released).
     */
    ByteBuf filter(ByteBuf frame, ByteBufAllocator alloc) {
        byte type = Frame.type(frame);
        Expectation head = expected.peekFirst();
        switch (type) {
            case MessageType.NOTICE_RESPONSE:
                if (head != null && head.hidden()) {
                    // A notice of rift's own statement ("drop cascades to ..." of a materialization): a copy has none.
                    frame.release();
                    return null;
                }
                return cleaned(frame, alloc);
            case MessageType.NOTIFICATION_RESPONSE:
                return notification(frame, alloc);
            case MessageType.PARAMETER_STATUS:
                return frame;
            default:
                break;
        }
        if (head == null) {
            // Nothing outstanding: e.g. the FATAL of an administrator's shutdown. The client must see it.
            return frame;
        }
        switch (type) {
            case MessageType.ERROR_RESPONSE -> {
                skipToSyncPoint();
                if (head.hidden() && head.kind() == Expectation.Kind.PASSTHROUGH_QUERY) {
                    frame.release(); // rift's own whole query (session settings): the client's next one tells
                    return null;
                }
                return cleaned(frame, alloc);
            }
            case MessageType.READY_FOR_QUERY -> {
                while (!expected.isEmpty()) {
                    Expectation e = expected.pollFirst();
                    if (e.endsErrorSkip()) {
                        if (e.hidden() && e.kind() == Expectation.Kind.PASSTHROUGH_QUERY) {
                            frame.release();
                            return null;
                        }
                        break;
                    }
                }
                return frame;
            }
            case MessageType.PARSE_COMPLETE, MessageType.BIND_COMPLETE, MessageType.CLOSE_COMPLETE,
                 MessageType.NO_DATA, MessageType.PORTAL_SUSPENDED, MessageType.EMPTY_QUERY_RESPONSE -> {
                return completes(head) ? pass(expected.pollFirst(), frame) : pass(head, frame);
            }
            case MessageType.ROW_DESCRIPTION -> {
                if (head.kind() == Expectation.Kind.DESCRIBE) {
                    expected.pollFirst();
                }
                ByteBuf out = pass(head, frame);
                return out == null || head.origins().isEmpty() ? out : RowOrigins.rewrite(out, head.origins(), alloc);
            }
            case MessageType.COMMAND_COMPLETE -> {
                if (head.kind() == Expectation.Kind.EXECUTE || head.kind() == Expectation.Kind.QUERY_STATEMENT) {
                    expected.pollFirst();
                    if (!head.hidden() && head.tagOverride() != null) {
                        frame.release();
                        ByteBuf out = alloc.buffer();
                        new CommandComplete(head.tagOverride()).encode(out);
                        return out;
                    }
                }
                return pass(head, frame);
            }
            default -> {
                // DataRow, ParameterDescription, Copy*, FunctionCallResponse: part of the head's answer.
                return pass(head, frame);
            }
        }
    }

    /** A notification on one of the branch's channels, under the name the client listens to. */
    private ByteBuf notification(ByteBuf frame, ByteBufAllocator alloc) {
        NotificationResponse n = NotificationResponse.decode(frame);
        String channel = BranchChannels.client(channelPrefix, n.channel());
        if (channel.equals(n.channel())) {
            return frame;
        }
        frame.release();
        ByteBuf out = alloc.buffer();
        new NotificationResponse(n.processId(), channel, n.payload()).encode(out);
        return out;
    }

    private static ByteBuf cleaned(ByteBuf frame, ByteBufAllocator alloc) {
        ErrorResponse original = ErrorResponse.decode(frame);
        ErrorResponse clean = ErrorFields.clean(original);
        if (clean == original) {
            return frame;
        }
        frame.release();
        ByteBuf out = alloc.buffer();
        clean.encode(out);
        return out;
    }

    private static boolean completes(Expectation head) {
        return head.kind() != Expectation.Kind.PASSTHROUGH_QUERY && head.kind() != Expectation.Kind.QUERY_END;
    }

    private static ByteBuf pass(Expectation owner, ByteBuf frame) {
        if (owner.hidden()) {
            frame.release();
            return null;
        }
        return frame;
    }

    /** After an error PostgreSQL answers nothing more until the Sync (or the end of the Query). */
    private void skipToSyncPoint() {
        while (!expected.isEmpty() && !expected.peekFirst().endsErrorSkip()) {
            expected.pollFirst();
        }
    }
}
