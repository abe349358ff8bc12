package dev.rift.storage.snapshot;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MountsTest {

    @Test
    void mountinfoOctalEscapesAreDecoded() {
        assertEquals("/mnt/with space\tand\\slash", Mounts.unescape("/mnt/with\\040space\\011and\\134slash"));
        assertEquals("/plain", Mounts.unescape("/plain"));
    }

    @Test
    void theRootFilesystemIsAMountpoint() {
        assertTrue(Mounts.isMountpoint(Path.of("/")));
    }
}
