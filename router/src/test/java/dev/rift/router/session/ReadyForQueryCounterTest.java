package dev.rift.router.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A relayed session's server bytes arrive in chunks cut anywhere: the counter must find each ReadyForQuery where its
 * last byte arrives, however the stream is cut, and never mistake a 'Z' inside another message's body for one.
 */
class ReadyForQueryCounterTest {

    /** RowDescription-like noise with 'Z' bytes in its body, a DataRow, CommandComplete, ReadyForQuery, twice. */
    private static ByteBuf conversation() {
        ByteBuf b = Unpooled.buffer();
        for (int i = 0; i < 2; i++) {
            message(b, 'T', "ZZZZ column named Z");
            message(b, 'D', "Z".repeat(300));
            message(b, 'C', "SELECT 1\0");
            b.writeByte('Z').writeInt(5).writeByte('I');
        }
        message(b, 'N', "a notice after the last ReadyForQuery");
        return b;
    }

    private static void message(ByteBuf b, char type, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        b.writeByte(type).writeInt(4 + bytes.length).writeBytes(bytes);
    }

    @Test
    void countsEachReadyForQueryInAWholeStream() {
        ByteBuf all = conversation();
        assertEquals(2, new ReadyForQueryCounter().count(all));
        assertEquals(0, all.readerIndex(), "the bytes are only looked at: they are forwarded as they are");
        all.release();
    }

    @Test
    void countsTheSameWhereverTheStreamIsCut() {
        ByteBuf all = conversation();
        for (int chunk = 1; chunk <= 40; chunk++) {
            ReadyForQueryCounter counter = new ReadyForQueryCounter();
            int found = 0;
            for (int from = 0; from < all.writerIndex(); from += chunk) {
                found += counter.count(all.slice(from, Math.min(chunk, all.writerIndex() - from)));
            }
            assertEquals(2, found, "chunks of " + chunk + " bytes");
        }
        all.release();
    }

    @Test
    void aReadyForQueryCountsOnlyOnceItsStatusByteHasArrived() {
        ByteBuf ready = Unpooled.buffer().writeByte('Z').writeInt(5).writeByte('T');
        ReadyForQueryCounter counter = new ReadyForQueryCounter();
        assertEquals(0, counter.count(ready.slice(0, 5)), "header only: the client has not got the whole message");
        assertEquals(1, counter.count(ready.slice(5, 1)));
        ready.release();
    }
}
