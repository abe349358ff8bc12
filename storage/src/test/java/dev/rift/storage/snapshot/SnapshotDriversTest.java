package dev.rift.storage.snapshot;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Choosing a driver, and the guards every driver applies before touching the pool. */
class SnapshotDriversTest {

    @TempDir
    Path pool;

    @Test
    void anUnknownDriverIsRefusedListingTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SnapshotDrivers.of("lvm", pool.toString()));
        assertTrue(e.getMessage().contains("unknown snapshot driver \"lvm\": use one of btrfs, zfs, reflink, copy"),
                e.getMessage());
    }

    @Test
    void aMissingToolIsReportedWithThePackageThatProvidesIt() {
        SnapshotException e = assertThrows(SnapshotException.class, () -> Tools.require("rift-no-such-tool",
                "rift-tools is not installed (apt-get install rift-tools)"));
        assertTrue(e.getMessage().startsWith("rift-tools is not installed (apt-get install rift-tools): "
                + "no 'rift-no-such-tool' executable on PATH"), e.getMessage());
    }

    @Test
    void aMissingPoolDirectoryIsRefused() {
        Path missing = pool.resolve("absent");
        SnapshotException e = assertThrows(SnapshotException.class, () -> SnapshotDrivers.of("copy", missing.toString()));
        assertTrue(e.getMessage().contains(missing + " is not an existing directory"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "..", "../escape", "a/b", "Main", "-rf", ".hidden", "pr 1", "tank@snap"})
    void aVolumeNameThatIsNotABranchNameIsRefusedAndCreatesNothing(String name) throws IOException {
        SnapshotDriver driver = SnapshotDrivers.of("copy", pool.toString());
        Volume main = driver.createVolume(VolumeNames.MAIN);

        assertThrows(IllegalArgumentException.class, () -> driver.createVolume(name));
        assertThrows(IllegalArgumentException.class, () -> driver.clone(main, name));
        assertThrows(IllegalArgumentException.class, () -> driver.find(name));

        assertEquals(List.of(pool.resolve(VolumeNames.MAIN)), entries(pool));
        assertEquals(List.of(), entries(pool.getParent()).stream().filter(p -> p.getFileName().toString()
                .equals("escape")).toList());
    }

    @Test
    void aVolumeThatClaimsAPathOutsideThePoolIsNeitherDestroyedNorCloned(@TempDir Path elsewhere) throws IOException {
        SnapshotDriver driver = SnapshotDrivers.of("copy", pool.toString());
        Files.writeString(elsewhere.resolve("precious"), "keep me");
        Volume forged = new Volume("victim", elsewhere, elsewhere.toString());

        assertThrows(IllegalArgumentException.class, () -> driver.destroy(forged));
        assertThrows(IllegalArgumentException.class, () -> driver.clone(forged, "loot"));

        assertEquals("keep me", Files.readString(elsewhere.resolve("precious")));
        assertEquals(List.of(), entries(pool));
    }

    @Test
    void namesAreUniqueAndMissingVolumesAreReportedAsSuch() {
        SnapshotDriver driver = SnapshotDrivers.of("copy", pool.toString());
        Volume main = driver.createVolume(VolumeNames.MAIN);
        driver.clone(main, "pr-1");

        assertThrows(VolumeExistsException.class, () -> driver.createVolume(VolumeNames.MAIN));
        assertThrows(VolumeExistsException.class, () -> driver.clone(main, "pr-1"));
        VolumeNotFoundException e = assertThrows(VolumeNotFoundException.class, () -> driver.volume("pr-2"));
        assertTrue(e.getMessage().contains("no volume named pr-2 on copy pool " + pool), e.getMessage());

        driver.destroy(driver.volume("pr-1"));
        assertThrows(VolumeNotFoundException.class, () -> driver.destroy(new Volume("pr-1", pool.resolve("pr-1"),
                pool.resolve("pr-1").toString())));
    }

    private static List<Path> entries(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }
}
