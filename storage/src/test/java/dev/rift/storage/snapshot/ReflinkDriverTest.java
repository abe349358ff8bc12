package dev.rift.storage.snapshot;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The reflink driver on a real XFS with reflink=1 (and its refusal on one without), made on loop devices. */
class ReflinkDriverTest {

    private static Path work;
    private static LoopbackFilesystem xfs;
    private static Path pool;
    private static SnapshotDriver driver;

    @BeforeAll
    static void mountXfs() throws IOException {
        work = TestDirs.create("rift-xfs-");
        xfs = LoopbackFilesystem.create(work, "xfs", 1L << 30, "mkfs.xfs", "-q", "-m", "reflink=1");
        pool = TestDirs.subdirectory(xfs.mountpoint(), "pool");
        driver = SnapshotDrivers.of("reflink", pool.toString());
    }

    @AfterAll
    static void unmount() throws IOException {
        try {
            if (xfs != null) {
                xfs.close();
            }
        } finally {
            TestDirs.delete(work);
        }
    }

    @Test
    void aBranchOfARunningClusterSharesExtentsWithItsSourceAndCanItselfBeBranched() throws Exception {
        new BranchLifecycle(driver, BranchLifecycle.CloneCost.SHARED_PER_FILESYSTEM).run();

        try (Stream<Path> left = Files.list(pool)) {
            assertEquals(List.of(), left.toList(), "nothing may remain in the pool, hidden or not");
        }
    }

    @Test
    void aFilesystemThatCannotReflinkIsRefusedWhenTheDriverIsMade() throws IOException {
        Path noReflinkWork = TestDirs.subdirectory(work, "no-reflink");
        try (LoopbackFilesystem plainXfs = LoopbackFilesystem.create(noReflinkWork, "xfs", 512L << 20,
                "mkfs.xfs", "-q", "-m", "reflink=0")) {
            SnapshotException e = assertThrows(SnapshotException.class,
                    () -> SnapshotDrivers.of("reflink", plainXfs.mountpoint().toString()));
            assertTrue(e.getMessage().contains("(xfs) cannot reflink"), e.getMessage());
            try (Stream<Path> left = Files.list(plainXfs.mountpoint())) {
                assertEquals(List.of(), left.toList(), "the probe files must be removed");
            }
        }
    }

    @Test
    void snapshotModeBranchesOnXfsReflinkAreIndependentPostmastersAndLeaveNothingBehind() throws Exception {
        Path modePool = TestDirs.subdirectory(xfs.mountpoint(), "mode-pool");
        new PoolLifecycle("reflink", modePool.toString()).run();

        assertEquals(List.of(), PoolLifecycle.entries(modePool), "nothing may remain in the pool, hidden or not");
    }
}
