package dev.rift.storage.snapshot;

import org.junit.jupiter.api.Assumptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Skips the current test (or class, from {@code @BeforeAll}) because the kernel refused something
 * the test needs: a filesystem type, a loop device, a mount, FUSE. The reason is logged as well as
 * recorded, so it shows in the build output and not only in the surefire report.
 */
final class KernelRefusal {

    private static final Logger log = LoggerFactory.getLogger(KernelRefusal.class);

    private KernelRefusal() {
    }

    /** Skips with {@code reason} unless {@code condition} holds. */
    static void skipUnless(boolean condition, String reason) {
        if (!condition) {
            log.warn("skipping: {}", reason);
            Assumptions.assumeTrue(false, reason);
        }
    }

    /** Skips with {@code reason}. */
    static void skip(String reason) {
        skipUnless(false, reason);
    }
}
