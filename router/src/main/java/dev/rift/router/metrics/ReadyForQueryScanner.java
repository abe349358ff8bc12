package dev.rift.router.metrics;

import dev.rift.pgwire.Frame;
import dev.rift.pgwire.message.MessageType;
import io.netty.buffer.ByteBuf;

/**
 * Finds the ReadyForQuery messages in the server's bytes of a relayed session, which rift forwards as they arrive
 * without splitting them into frames (README, "Hot path"). It reads only each message's five header bytes and skips
 * its body, keeping its place across reads (a header may be split between two), so it costs a few reads per
 * message and never copies or allocates. It must see every byte from a message boundary on.
 */
public final class ReadyForQueryScanner {
    /** Body bytes of the current message still to skip. */
    private long remaining;
    /** Header bytes of the next message seen so far (0 to 4), when a read ended inside a header. */
    private int headerSeen;
    private byte type;
    private int length;

    /** How many ReadyForQuery messages begin in {@code bytes} (its reader index is left where it was). */
    public int readyForQueries(ByteBuf bytes) {
        int count = 0;
        int i = bytes.readerIndex();
        int end = bytes.writerIndex();
        while (i < end) {
            if (remaining > 0) {
                int skip = (int) Math.min(remaining, end - i);
                i += skip;
                remaining -= skip;
            } else if (headerSeen == 0 && end - i >= Frame.HEADER) {
                count += header(bytes.getByte(i), bytes.getInt(i + 1));
                i += Frame.HEADER;
            } else {
                byte b = bytes.getByte(i++);
                if (headerSeen == 0) {
                    type = b;
                    length = 0;
                } else {
                    length = (length << 8) | (b & 0xff);
                }
                if (++headerSeen == Frame.HEADER) {
                    headerSeen = 0;
                    count += header(type, length);
                }
            }
        }
        return count;
    }

    private int header(byte messageType, int messageLength) {
        remaining = Math.max(0, messageLength - 4); // the length counts itself
        return messageType == MessageType.READY_FOR_QUERY ? 1 : 0;
    }
}
