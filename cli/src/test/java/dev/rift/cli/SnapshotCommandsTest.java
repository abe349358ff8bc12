package dev.rift.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rift.storage.testing.SnapshotPools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** init --mode snapshot, then create, list, status, reset and delete with --pool, as a user runs them (copy driver). */
class SnapshotCommandsTest {
    private static Path dir;

    @BeforeAll
    static void init() throws Exception {
        dir = Files.createTempDirectory("rift-cli-pool-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Rift init = Rift.run("init", "--mode", "snapshot", "--driver", "copy", "--pool", dir.toString(),
                "--database", "app", "--fast");
        assertEquals(0, init.exitCode(), init.err());
        assertTrue(init.out().contains("snapshot pool ready: copy on " + dir), init.out());
        assertTrue(init.out().matches("(?s).*superuser postgres, password [0-9a-f]{32} .*"), init.out());
    }

    @AfterAll
    static void remove() throws Exception {
        SnapshotPools.remove(dir);
    }

    @Test
    void initRefusesAPoolThatIsAlreadySetUp() {
        Rift again = Rift.run("init", "--mode", "snapshot", "--driver", "copy", "--pool", dir.toString(), "--password", "x");
        assertEquals(1, again.exitCode());
        assertTrue(again.err().contains("already set up"), again.err());
    }

    @Test
    void branchesAreCreatedListedWithModeSizeAndStateResetAndDeleted() throws Exception {
        Rift created = Rift.run("create", "cli-a", "--pool", dir.toString());
        assertEquals(0, created.exitCode(), created.err());
        assertTrue(created.out().contains("created branch cli-a from main"), created.out());
        Rift child = Rift.run("create", "cli-b", "--from", "cli-a", "--pool", dir.toString());
        assertEquals(0, child.exitCode(), child.err());

        Rift table = Rift.run("list", "--pool", dir.toString());
        assertEquals(0, table.exitCode(), table.err());
        assertTrue(table.out().lines().anyMatch(l -> l.matches("cli-b\\s+cli-a\\s+snapshot\\s+\\S+\\s+stopped\\s+-\\s+\\d.*")),
                table.out());

        JsonNode json = new ObjectMapper().readTree(Rift.run("list", "--json", "--pool", dir.toString()).out());
        List<String> names = new ArrayList<>();
        for (JsonNode b : json) {
            names.add(b.get("name").asText());
            assertEquals("snapshot", b.get("mode").asText());
            assertFalse(b.get("running").asBoolean());
            assertTrue(b.get("bytes").asLong() > 1_000_000, "a copied data directory has megabytes: " + b);
        }
        assertTrue(names.containsAll(List.of("main", "cli-a", "cli-b")), names.toString());

        Rift status = Rift.run("status", "--pool", dir.toString());
        assertTrue(status.out().contains("mode:      snapshot (copy on " + dir + ")"), status.out());

        Rift reset = Rift.run("reset", "cli-a", "--pool", dir.toString());
        assertEquals(0, reset.exitCode(), reset.err());
        assertTrue(reset.out().contains("reset cli-a to main"), reset.out());

        assertEquals(0, Rift.run("delete", "cli-a", "--pool", dir.toString()).exitCode());
        assertEquals(0, Rift.run("delete", "cli-b", "--pool", dir.toString()).exitCode());
        Rift after = Rift.run("list", "--pool", dir.toString());
        assertFalse(after.out().contains("cli-a"), after.out());
        assertFalse(Files.exists(dir.resolve("cli-a")), "the clone is gone");
    }

    @Test
    void mistakesAreReportedPlainly() {
        Rift reserved = Rift.run("create", "main", "--pool", dir.toString());
        assertEquals(1, reserved.exitCode());
        assertTrue(reserved.err().contains("\"main\" is reserved"), reserved.err());
        Rift missing = Rift.run("delete", "no-such", "--pool", dir.toString());
        assertEquals(1, missing.exitCode());
        assertTrue(missing.err().contains("branch \"no-such\" does not exist"), missing.err());
        Rift mainDelete = Rift.run("delete", "main", "--pool", dir.toString());
        assertEquals(1, mainDelete.exitCode());
        Rift notAPool = Rift.run("list", "--pool", dir.resolve("main").toString());
        assertEquals(1, notAPool.exitCode());
        assertTrue(notAPool.err().contains("rift init --mode snapshot"), notAPool.err());
    }
}
