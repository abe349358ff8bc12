package dev.rift.web;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.DefaultHttpContent;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A response body as HTTP chunks, written from a worker thread: bytes gather into a buffer that goes out as one
 * chunk when full or flushed. When the channel is over its write-buffer high-water mark, the writer waits for the
 * chunk to be written, so a slow client slows the diff down instead of filling memory (up to a minute without
 * progress). A closed connection fails
 * the next write with an {@link IOException}, which ends the work behind the body.
 */
final class ChunkedBodyStream extends OutputStream {
    private static final int CHUNK = 16 * 1024;
    /** A client that reads nothing for this long is let go, ending the work (and the snapshot) behind the body. */
    private static final long STALLED_SECONDS = 60;

    private final Channel channel;
    private ByteBuf buffer;

    ChunkedBodyStream(Channel channel) {
        this.channel = channel;
    }

    @Override
    public void write(int b) throws IOException {
        buffer().writeByte(b);
        if (buffer.readableBytes() >= CHUNK) {
            send();
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            int n = Math.min(len, CHUNK - buffer().readableBytes());
            buffer.writeBytes(b, off, n);
            off += n;
            len -= n;
            if (buffer.readableBytes() >= CHUNK) {
                send();
            }
        }
    }

    @Override
    public void flush() throws IOException {
        if (buffer != null && buffer.isReadable()) {
            send();
        }
    }

    /** Sends what is buffered; nothing more may be written after. The last chunk is the caller's. */
    @Override
    public void close() throws IOException {
        try {
            flush();
        } finally {
            if (buffer != null) {
                buffer.release();
                buffer = null;
            }
        }
    }

    private ByteBuf buffer() {
        if (buffer == null) {
            buffer = channel.alloc().buffer(CHUNK);
        }
        return buffer;
    }

    private void send() throws IOException {
        if (!channel.isActive()) {
            throw new IOException("the client closed the connection");
        }
        ByteBuf chunk = buffer;
        buffer = null;
        ChannelFuture written = channel.writeAndFlush(new DefaultHttpContent(chunk));
        if (!channel.isWritable()) {
            if (!written.awaitUninterruptibly(STALLED_SECONDS, java.util.concurrent.TimeUnit.SECONDS)) {
                channel.close();
                throw new IOException("the client read nothing for " + STALLED_SECONDS + " s");
            }
            if (!written.isSuccess()) {
                throw new IOException("cannot write to the client: " + written.cause().getMessage(), written.cause());
            }
        }
    }
}
