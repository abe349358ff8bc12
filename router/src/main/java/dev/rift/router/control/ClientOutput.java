package dev.rift.router.control;

import dev.rift.pgwire.message.DataRow;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;

import java.util.List;
import java.util.function.Consumer;

/**
 * What a control session sends its client, from the thread running its calls: messages are batched into 32 KiB
 * writes (one cross-thread write per row would cost more than the row), and a call producing rows waits while the
 * client's channel is not writable, so rows are never piled up in memory faster than the client reads them.
 */
final class ClientOutput {
    private static final int BATCH_BYTES = 32 * 1024;

    private final Channel client;
    private final Object writability = new Object();
    /** Messages not yet handed to the channel. Used only by the session's chain of tasks, one at a time. */
    private ByteBuf pending;

    ClientOutput(Channel client) {
        this.client = client;
    }

    void send(Consumer<ByteBuf> message) {
        if (pending == null) {
            pending = client.alloc().buffer(BATCH_BYTES);
        }
        message.accept(pending);
        if (pending.readableBytes() >= BATCH_BYTES) {
            writePending();
        }
    }

    /** A DataRow of {@code values} in each column's type and format; may wait for the client to read. */
    void row(List<Column> columns, short[] formats, Object[] values) {
        byte[][] encoded = new byte[columns.size()][];
        for (int i = 0; i < encoded.length; i++) {
            encoded[i] = columns.get(i).type().encode(values[i], formats[i]);
        }
        send(new DataRow(encoded)::encode);
        if (pending == null) {
            awaitWritable();
        }
    }

    void flush() {
        writePending();
        client.flush();
    }

    /** The session failed: what was not sent is dropped. */
    void discard() {
        if (pending != null) {
            pending.release();
            pending = null;
        }
    }

    /** The client's channel became writable or not, or closed: wakes a call waiting to send rows. */
    void writabilityChanged() {
        synchronized (writability) {
            writability.notifyAll();
        }
    }

    private void writePending() {
        if (pending != null) {
            client.write(pending, client.voidPromise());
            pending = null;
        }
    }

    /** Holds the producing call while the client's channel is full; gives up when the client is gone. */
    private void awaitWritable() {
        if (client.isWritable()) {
            return;
        }
        client.flush();
        synchronized (writability) {
            while (!client.isWritable() && client.isActive()) {
                try {
                    // Woken by writabilityChanged(); the timeout only bounds a missed wake-up.
                    writability.wait(1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ClientGone();
                }
            }
        }
        if (!client.isActive()) {
            throw new ClientGone();
        }
    }

    /** The client disconnected while a call was sending rows: the call stops (closing its snapshot). */
    static final class ClientGone extends RuntimeException {
        ClientGone() {
            super(null, null, false, false);
        }
    }
}
