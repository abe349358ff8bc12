package dev.rift.router.session;

import io.netty.buffer.ByteBuf;

/**
 * Finds where ReadyForQuery messages end in the server's byte stream as it is relayed, without
 * copying or splitting it: a relayed session forwards the server's bytes as they arrive, in
 * chunks that start and end anywhere inside messages, so only the five-byte headers are read
 * and the bodies are skipped. A drain needs this to know when a session's statement is over.
 */
final class ReadyForQueryCounter {
    private static final int HEADER = 5;
    private static final byte READY_FOR_QUERY = 'Z';

    private int headerSeen;
    private byte type;
    private int length;
    private long bodyLeft;

    /** How many ReadyForQuery messages end in {@code bytes} (read without moving its indexes). */
    int count(ByteBuf bytes) {
        int i = bytes.readerIndex();
        int end = bytes.writerIndex();
        int ready = 0;
        while (i < end) {
            if (headerSeen < HEADER) {
                byte b = bytes.getByte(i++);
                if (headerSeen == 0) {
                    type = b;
                    length = 0;
                } else {
                    length = (length << 8) | (b & 0xff);
                }
                if (++headerSeen == HEADER) {
                    bodyLeft = length - 4L;
                }
            } else {
                int skip = (int) Math.min(bodyLeft, end - i);
                i += skip;
                bodyLeft -= skip;
            }
            if (headerSeen == HEADER && bodyLeft <= 0) {
                if (type == READY_FOR_QUERY) {
                    ready++;
                }
                headerSeen = 0;
            }
        }
        return ready;
    }
}
