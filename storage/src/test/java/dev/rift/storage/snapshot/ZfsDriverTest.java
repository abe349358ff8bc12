package dev.rift.storage.snapshot;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The zfs driver on a real zfs pool (zfs-fuse, on a file vdev) made for this class. */
class ZfsDriverTest {

    private static Path work;
    private static ZfsFusePool zpool;
    private static int poolDatasets;
    private String poolDataset;
    private SnapshotDriver driver;

    @BeforeAll
    static void createPool() throws Exception {
        work = TestDirs.create("rift-zfs-");
        zpool = ZfsFusePool.create(work, 1L << 30);
    }

    @AfterAll
    static void destroyPool() throws IOException {
        try {
            if (zpool != null) {
                zpool.close();
            }
        } finally {
            TestDirs.delete(work);
        }
    }

    /** Each test gets its own pool dataset below the zpool's root, as an operator would set up. */
    @BeforeEach
    void createPoolDataset() {
        poolDataset = zpool.name() + "/rift-" + (++poolDatasets);
        ZfsFusePool.zfs("zfs", "create", poolDataset);
        driver = SnapshotDrivers.of("zfs", poolDataset);
    }

    @AfterEach
    void destroyPoolDataset() {
        ZfsFusePool.destroyDataset(poolDataset);
    }

    @Test
    void aBranchOfARunningClusterIsAnIndependentWritableCloneThatCanItselfBeBranched() throws Exception {
        new BranchLifecycle(driver, BranchLifecycle.CloneCost.SHARED_PER_DRIVER).run();

        assertEquals(List.of(poolDataset), datasetsUnderPool(), "no dataset or snapshot may outlive its volume");
    }

    @Test
    void destroyingAVolumeOthersWereClonedFromPromotesOneAndEveryCloneLivesOn() throws IOException {
        Volume main = driver.createVolume("main");
        Files.writeString(main.mountpoint().resolve("marker"), "from main");
        Volume a = driver.clone(main, "a");
        Volume b = driver.clone(main, "b");
        Files.writeString(a.mountpoint().resolve("marker"), "from a");
        Volume aChild = driver.clone(a, "a-child");

        driver.destroy(main);
        driver.destroy(a);

        assertEquals(List.of("a-child", "b"), driver.list().stream().map(Volume::name).toList());
        assertEquals("from a", Files.readString(driver.volume("a-child").mountpoint().resolve("marker")));
        assertEquals("from main", Files.readString(driver.volume("b").mountpoint().resolve("marker")));
        assertFalse(Mounts.isMountpoint(main.mountpoint()));
        assertFalse(Mounts.isMountpoint(a.mountpoint()));

        driver.destroy(b);
        driver.destroy(aChild);
        assertEquals(List.of(poolDataset), datasetsUnderPool(), "promotion must not strand a snapshot");
    }

    @Test
    void aVolumeHoldingAnOpenFileIsNotDestroyed() throws IOException {
        Volume main = driver.createVolume("main");
        Path file = main.mountpoint().resolve("held");
        try (var held = Files.newOutputStream(file)) {
            held.write('x');
            VolumeBusyException e = assertThrows(VolumeBusyException.class, () -> driver.destroy(main));
            assertTrue(e.users().stream().anyMatch(u -> u.contains("this JVM") && u.contains(file.toString())),
                    e.getMessage());
        }
        assertEquals(List.of(main), driver.list());
        driver.destroy(main);
        assertEquals(List.of(), driver.list());
    }

    @Test
    void aPoolDatasetThatDoesNotExistIsRefusedWithHowToCreateIt() {
        String missing = zpool.name() + "/absent";

        SnapshotException e = assertThrows(SnapshotException.class, () -> SnapshotDrivers.of("zfs", missing));
        assertTrue(e.getMessage().contains("zfs create " + missing), e.getMessage());
    }

    private List<String> datasetsUnderPool() {
        return zpool.datasets().stream().filter(d -> d.equals(poolDataset) || d.startsWith(poolDataset + "/")
                || d.startsWith(poolDataset + "@")).toList();
    }

    @Test
    void snapshotModeBranchesOnZfsAreIndependentPostmastersAndLeaveNothingBehind() throws Exception {
        new PoolLifecycle("zfs", poolDataset).run();

        assertEquals(List.of(poolDataset), datasetsUnderPool(), "no dataset or snapshot may outlive its branch");
    }
}
