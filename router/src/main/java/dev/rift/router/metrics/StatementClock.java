package dev.rift.router.metrics;

import dev.rift.pgwire.message.MessageType;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;

/**
 * Times one session's query cycles, on its event loop. A cycle starts with the first client message after the
 * previous cycle was sent (a Query, or the Parse/Bind/Describe/Execute/... that a Sync ends) and ends with the
 * ReadyForQuery the client receives; PostgreSQL answers each Query, Sync and FunctionCall with exactly one, in
 * order, so a client that pipelines several cycles gets them timed in order. The start times wait in a small ring
 * allocated with the session; cycles beyond it (a deep pipeline) are counted out untimed rather than allocate.
 */
public final class StatementClock {
    private static final int CAPACITY = 32;
    private static final double NANOS_PER_SECOND = 1e9;

    private final DistributionDataPoint latency;
    private final long[] starts = new long[CAPACITY];
    private int head;
    private int size;
    /** Cycles sent after the ring filled up: they follow the ring's in order and are not timed. */
    private int untimed;
    /** When the cycle the client is still sending began, or -1 when no message of a new cycle came yet. */
    private long openedAt = -1;

    StatementClock(DistributionDataPoint latency) {
        this.latency = latency;
    }

    /** A message from the client, of {@code type}, as it reaches rift. */
    public void fromClient(byte type) {
        switch (type) {
            case MessageType.QUERY, MessageType.SYNC, MessageType.FUNCTION_CALL -> {
                sent(openedAt >= 0 ? openedAt : System.nanoTime());
                openedAt = -1;
            }
            case MessageType.PARSE, MessageType.BIND, MessageType.DESCRIBE, MessageType.EXECUTE,
                    MessageType.CLOSE, MessageType.FLUSH -> {
                if (openedAt < 0) {
                    openedAt = System.nanoTime();
                }
            }
            default -> {
                // CopyData/CopyDone/CopyFail belong to the cycle in progress; Terminate ends none.
            }
        }
    }

    /** {@code count} ReadyForQuery messages went to the client: the oldest cycles sent are complete. */
    public void readyForQuery(int count) {
        long now = count > 0 ? System.nanoTime() : 0;
        for (int i = 0; i < count; i++) {
            if (size > 0) {
                latency.observe((now - starts[head]) / NANOS_PER_SECOND);
                head = (head + 1) % CAPACITY;
                size--;
            } else if (untimed > 0) {
                untimed--;
            }
        }
    }

    private void sent(long start) {
        if (untimed > 0 || size == CAPACITY) {
            untimed++;
            return;
        }
        starts[(head + size) % CAPACITY] = start;
        size++;
    }
}
