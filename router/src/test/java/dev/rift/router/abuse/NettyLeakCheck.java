package dev.rift.router.abuse;

import dev.rift.testsupport.Await;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Field;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Fails a test class when Netty reports a leaked buffer during it. Netty only logs leaks, and
 * only when a leaked object happens to be collected and another allocation notices; this
 * extension records every report and, after the class, forces the question: it leaks a canary
 * buffer on purpose and collects garbage until the canary is reported, so every earlier leak has
 * had its chance to be reported too (and a detector that reports nothing cannot pass unnoticed).
 *
 * <p>Reports are recorded by a {@link ResourceLeakDetectorFactory} installed when this class
 * loads. Netty creates its buffer detector once per JVM, so if another test class touched Netty
 * first, the existing detector gets a leak listener instead.
 */
public final class NettyLeakCheck implements BeforeAllCallback, AfterAllCallback {
    private static final Logger log = LoggerFactory.getLogger(NettyLeakCheck.class);
    private static final String CANARY = "rift leak-check canary ";
    private static final Duration CANARY_LIMIT = Duration.ofSeconds(20);
    private static final List<String> REPORTS = new CopyOnWriteArrayList<>();
    private static final AtomicInteger CANARIES_REPORTED = new AtomicInteger();

    static {
        ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new RecordingFactory());
    }

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(NettyLeakCheck.class);

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        listenToByteBufDetector();
        context.getStore(NAMESPACE).put("reportsBefore", REPORTS.size());
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        int before = context.getStore(NAMESPACE).get("reportsBefore", Integer.class);
        flushLeakReports();
        List<String> leaks = REPORTS.subList(before, REPORTS.size());
        assertEquals(List.of(), List.copyOf(leaks), "Netty reported leaked buffers during "
                + context.getDisplayName() + " (each entry is the leak's access record)");
    }

    /** Leaks a marked buffer and collects garbage until the detector reports it. */
    private static void flushLeakReports() throws Exception {
        int canariesBefore = CANARIES_REPORTED.get();
        String marker = CANARY + UUID.randomUUID(); // unique: Netty reports identical records once
        leakCanary(marker);
        Await.until("Netty's leak detector to report a deliberately leaked buffer", CANARY_LIMIT, () -> {
            System.gc();
            // Leaks are reported by the next tracked allocation after the collector found them.
            UnpooledByteBufAllocator.DEFAULT.directBuffer(1).release();
            return CANARIES_REPORTED.get() > canariesBefore;
        }, () -> "no canary report; detection level " + ResourceLeakDetector.getLevel());
    }

    private static void leakCanary(String marker) {
        ByteBuf canary = UnpooledByteBufAllocator.DEFAULT.directBuffer(1);
        canary.touch(marker);
        // not released, and no reference kept: the collector will find it
    }

    private static void record(String type, String records) {
        if (records.contains(CANARY)) {
            CANARIES_REPORTED.incrementAndGet();
        } else {
            REPORTS.add(type + " leaked:" + records);
        }
    }

    private static void listenToByteBufDetector() throws ReflectiveOperationException {
        Field f = Class.forName("io.netty.buffer.AbstractByteBuf").getDeclaredField("leakDetector");
        f.setAccessible(true);
        Object detector = f.get(null);
        if (!(detector instanceof RecordingDetector)) {
            log.info("Netty's buffer leak detector was made before {} loaded; listening to it instead",
                    NettyLeakCheck.class.getSimpleName());
            ((ResourceLeakDetector<?>) detector).setLeakListener(NettyLeakCheck::record);
        }
    }

    private static final class RecordingFactory extends ResourceLeakDetectorFactory {
        @Override
        public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval,
                                                                   long maxActive) {
            return new RecordingDetector<>(resource, samplingInterval);
        }
    }

    private static final class RecordingDetector<T> extends ResourceLeakDetector<T> {
        RecordingDetector(Class<T> resource, int samplingInterval) {
            super(resource, samplingInterval);
        }

        /** Report even where ERROR logging is off: the test depends on it, not the log. */
        @Override
        protected boolean needReport() {
            return true;
        }

        @Override
        protected void reportTracedLeak(String resourceType, String records) {
            if (!records.contains(CANARY)) {
                super.reportTracedLeak(resourceType, records);
            }
            record(resourceType, records);
        }

        @Override
        protected void reportUntracedLeak(String resourceType) {
            super.reportUntracedLeak(resourceType);
            record(resourceType, " (untraced)");
        }
    }
}
