package dev.rift.router.metrics;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The scanner finds every ReadyForQuery in a relayed byte stream however the stream is cut into reads. */
class ReadyForQueryScannerTest {

    /** Two query cycles as PostgreSQL answers them, with data rows whose bodies hold 'Z' and ReadyForQuery-like bytes. */
    private static byte[] twoCycles() {
        ByteBuf out = Unpooled.buffer();
        message(out, 'T', new byte[]{0, 1, 'z', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 25, -1, -1, -1, -1, -1, -1, 0, 0});
        message(out, 'D', new byte[]{0, 1, 0, 0, 0, 6, 'Z', 0, 0, 0, 5, 'I'});
        message(out, 'D', "ZZZZZZZZZZZZZZZZZZZZ".getBytes(StandardCharsets.US_ASCII));
        message(out, 'C', "SELECT 2\0".getBytes(StandardCharsets.US_ASCII));
        message(out, 'Z', new byte[]{'I'});
        message(out, '1', new byte[0]);
        message(out, '2', new byte[0]);
        message(out, 'C', "UPDATE 1\0".getBytes(StandardCharsets.US_ASCII));
        message(out, 'Z', new byte[]{'T'});
        byte[] bytes = new byte[out.readableBytes()];
        out.readBytes(bytes);
        return bytes;
    }

    private static void message(ByteBuf out, char type, byte[] body) {
        out.writeByte(type).writeInt(body.length + 4).writeBytes(body);
    }

    @Test
    void countsEachReadyForQueryOnceAndNeverOneInsideAMessageBody() {
        ReadyForQueryScanner scanner = new ReadyForQueryScanner();
        assertEquals(2, scanner.readyForQueries(Unpooled.wrappedBuffer(twoCycles())));
    }

    @Test
    void findsTheSameMessagesWhereverTheStreamIsSplitIntoTwoReads() {
        byte[] bytes = twoCycles();
        for (int cut = 0; cut <= bytes.length; cut++) {
            ReadyForQueryScanner scanner = new ReadyForQueryScanner();
            int found = scanner.readyForQueries(Unpooled.wrappedBuffer(bytes, 0, cut))
                    + scanner.readyForQueries(Unpooled.wrappedBuffer(bytes, cut, bytes.length - cut));
            assertEquals(2, found, "cut at byte " + cut);
        }
    }

    @Test
    void findsTheSameMessagesWhenEveryByteArrivesAlone() {
        byte[] bytes = twoCycles();
        ReadyForQueryScanner scanner = new ReadyForQueryScanner();
        int found = 0;
        for (int i = 0; i < bytes.length; i++) {
            found += scanner.readyForQueries(Unpooled.wrappedBuffer(bytes, i, 1));
        }
        assertEquals(2, found);
    }

    @Test
    void leavesTheBufferToBeForwardedUnread() {
        ByteBuf bytes = Unpooled.wrappedBuffer(twoCycles());
        int before = bytes.readableBytes();
        new ReadyForQueryScanner().readyForQueries(bytes);
        assertEquals(before, bytes.readableBytes());
    }
}
