package dev.rift.storage.snapshot;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The copy driver on the plain disk (the temp directory's filesystem, whatever it is). */
class CopyDriverTest {

    private Path pool;

    @BeforeEach
    void makePool() throws IOException {
        pool = TestDirs.create("rift-copy-");
    }

    @AfterEach
    void removePool() throws IOException {
        TestDirs.delete(pool);
    }

    @Test
    void aBranchOfARunningClusterIsAFullIndependentCopyThatCanItselfBeBranched() throws Exception {
        SnapshotDriver driver = SnapshotDrivers.of("copy", pool.toString());

        new BranchLifecycle(driver, BranchLifecycle.CloneCost.FULL_COPY).run();

        try (Stream<Path> left = Files.list(pool)) {
            assertEquals(List.of(), left.toList(), "nothing may remain in the pool, hidden or not");
        }
    }

    @Test
    void snapshotModeBranchesOnThePlainDiskAreIndependentPostmastersAndLeaveNothingBehind() throws Exception {
        new PoolLifecycle("copy", pool.toString()).run();

        assertEquals(List.of(), PoolLifecycle.entries(pool), "nothing may remain in the pool, hidden or not");
    }
}
