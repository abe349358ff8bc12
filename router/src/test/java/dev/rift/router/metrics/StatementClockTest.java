package dev.rift.router.metrics;

import dev.rift.pgwire.message.MessageType;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A session's clock observes one latency per query cycle, matching pipelined cycles to their ReadyForQuery in order. */
class StatementClockTest {
    private final Histogram latency = Histogram.builder().name("cycles_seconds").classicOnly().build();
    private final StatementClock clock = new StatementClock(latency);

    private long observed() {
        HistogramSnapshot.HistogramDataPointSnapshot p = latency.collect().getDataPoints().get(0);
        return p.getCount();
    }

    @Test
    void anExtendedProtocolCycleIsOneObservationFromItsParseToItsReadyForQuery() {
        for (byte type : new byte[]{MessageType.PARSE, MessageType.BIND, MessageType.DESCRIBE, MessageType.EXECUTE}) {
            clock.fromClient(type);
        }
        clock.readyForQuery(0);
        assertEquals(0, observed(), "no cycle ends before its Sync is answered");
        clock.fromClient(MessageType.SYNC);
        clock.readyForQuery(1);
        assertEquals(1, observed());
    }

    @Test
    void pipelinedQueriesAreEachObservedWhenTheirReadyForQueryArrives() {
        clock.fromClient(MessageType.QUERY);
        clock.fromClient(MessageType.QUERY);
        clock.fromClient(MessageType.QUERY);
        clock.readyForQuery(2);
        assertEquals(2, observed());
        clock.readyForQuery(1);
        assertEquals(3, observed());
    }

    @Test
    void copyDataAndTerminateStartNoCycle() {
        clock.fromClient(MessageType.QUERY);
        clock.fromClient(MessageType.COPY_DATA);
        clock.fromClient(MessageType.COPY_DONE);
        clock.readyForQuery(1);
        clock.fromClient(MessageType.TERMINATE);
        clock.readyForQuery(1); // nothing was waiting for it
        assertEquals(1, observed());
    }

    @Test
    void cyclesPipelinedBeyondTheRingAreAnsweredInOrderAndOnlyTheRingsAreTimed() {
        int pipelined = 100;
        for (int i = 0; i < pipelined; i++) {
            clock.fromClient(MessageType.QUERY);
        }
        clock.readyForQuery(pipelined);
        long timed = observed();
        assertTrue(timed > 0 && timed < pipelined, "timed " + timed);
        // The ring is empty again and in step with the server: the next cycle is timed.
        clock.fromClient(MessageType.QUERY);
        clock.readyForQuery(1);
        assertEquals(timed + 1, observed());
    }
}
