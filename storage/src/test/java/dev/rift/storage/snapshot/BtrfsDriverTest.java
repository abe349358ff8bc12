package dev.rift.storage.snapshot;

import dev.rift.storage.cluster.ExternalCommand;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/** The btrfs driver on a real btrfs, made on a loop device for this class. */
class BtrfsDriverTest {

    private static Path work;
    private static LoopbackFilesystem btrfs;
    private static SnapshotDriver driver;

    @BeforeAll
    static void mountBtrfs() throws IOException {
        work = TestDirs.create("rift-btrfs-");
        btrfs = LoopbackFilesystem.create(work, "btrfs", 1L << 30, "mkfs.btrfs", "-q");
        Path pool = TestDirs.subdirectory(btrfs.mountpoint(), "pool");
        driver = SnapshotDrivers.of("btrfs", pool.toString());
    }

    @AfterAll
    static void unmount() throws IOException {
        try {
            if (btrfs != null) {
                btrfs.close();
            }
        } finally {
            TestDirs.delete(work);
        }
    }

    @Test
    void aBranchOfARunningClusterIsAnIndependentWritableSubvolumeThatCanItselfBeBranched() throws Exception {
        new BranchLifecycle(driver, BranchLifecycle.CloneCost.SHARED_PER_DRIVER).run();

        String subvolumes = ExternalCommand.of("btrfs", "subvolume", "list", btrfs.mountpoint().toString()).run().stdout();
        assertEquals("", subvolumes.strip(), "no subvolume may outlive its volume");
    }

    @Test
    void aPoolOutsideBtrfsIsRefusedNamingItsFilesystem() throws IOException {
        String type = Files.getFileStore(work).type();
        assumeFalse("btrfs".equals(type), "the temp dir is itself on btrfs, so it cannot show the refusal");

        SnapshotException e = assertThrows(SnapshotException.class, () -> SnapshotDrivers.of("btrfs", work.toString()));
        assertTrue(e.getMessage().contains("is on a " + type + " filesystem, not btrfs"), e.getMessage());
    }

    @Test
    void snapshotModeBranchesOnBtrfsAreIndependentPostmastersAndLeaveNothingBehind() throws Exception {
        Path modePool = TestDirs.subdirectory(btrfs.mountpoint(), "mode-pool");
        new PoolLifecycle("btrfs", modePool.toString()).run();

        assertEquals(List.of(), PoolLifecycle.entries(modePool));
        String subvolumes = ExternalCommand.of("btrfs", "subvolume", "list", btrfs.mountpoint().toString()).run().stdout();
        assertEquals("", subvolumes.strip(), "no subvolume may outlive its branch");
    }
}
