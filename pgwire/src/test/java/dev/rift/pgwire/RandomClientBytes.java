package dev.rift.pgwire;

import dev.rift.pgwire.message.CancelRequest;
import dev.rift.pgwire.message.GssEncRequest;
import dev.rift.pgwire.message.SslRequest;
import dev.rift.pgwire.message.StartupMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;

import java.util.Map;
import java.util.Random;

/**
 * What a confused or hostile client might send, from a seed: sometimes pure noise, mostly a
 * plausible session (encryption requests, a startup or cancel packet, typed frames) with lengths
 * forged, bytes flipped and the end cut off, so a decoder meets every path it has.
 */
final class RandomClientBytes {
    private RandomClientBytes() {}

    static byte[] generate(Random random, int maxFrame) {
        ByteBuf out = Unpooled.buffer();
        try {
            if (random.nextInt(8) == 0) {
                out.writeBytes(noise(random, random.nextInt(300)));
            } else {
                writeSession(random, out, maxFrame);
                mangle(random, out);
            }
            return ByteBufUtil.getBytes(out);
        } finally {
            out.release();
        }
    }

    private static void writeSession(Random random, ByteBuf out, int maxFrame) {
        // Rare, because a client's next packet mostly arrives in the same read and is refused.
        for (int i = random.nextInt(5) == 0 ? 1 + random.nextInt(2) : 0; i > 0; i--) {
            out.writeInt(8).writeInt(random.nextBoolean() ? SslRequest.CODE : GssEncRequest.CODE);
        }
        switch (random.nextInt(4)) {
            case 0 -> out.writeInt(12 + random.nextInt(40)).writeInt(CancelRequest.CODE).writeBytes(noise(random, 4 + random.nextInt(36)));
            case 1 -> out.writeInt(8 + random.nextInt(60)).writeInt(StartupMessage.PROTOCOL_3_0).writeBytes(noise(random, random.nextInt(60)));
            default -> new StartupMessage(StartupMessage.PROTOCOL_3_0, Map.of(
                    "user", "u" + random.nextInt(100), "database", "d" + random.nextInt(100))).encode(out);
        }
        for (int i = random.nextInt(6); i > 0; i--) {
            byte[] body = noise(random, random.nextInt(maxFrame + 16));
            int length = random.nextInt(10) == 0 ? random.nextInt() : body.length + 4;
            out.writeByte(random.nextInt(128)).writeInt(length).writeBytes(body);
        }
    }

    private static void mangle(Random random, ByteBuf out) {
        if (out.writerIndex() > 0 && random.nextInt(3) == 0) {
            for (int i = 1 + random.nextInt(3); i > 0; i--) {
                out.setByte(random.nextInt(out.writerIndex()), random.nextInt(256));
            }
        }
        if (out.writerIndex() > 0 && random.nextInt(4) == 0) {
            out.writerIndex(random.nextInt(out.writerIndex()));
        }
    }

    private static byte[] noise(Random random, int length) {
        byte[] b = new byte[length];
        random.nextBytes(b);
        return b;
    }
}
