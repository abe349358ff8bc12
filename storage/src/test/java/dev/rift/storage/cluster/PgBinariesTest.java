package dev.rift.storage.cluster;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PgBinariesTest {

    @Test
    void locatesServerBinariesOnThisMachine() {
        PgBinaries b = PgBinaries.locate();
        assertTrue(Files.isExecutable(b.initdb()), b.initdb().toString());
        assertTrue(Files.isExecutable(b.pgCtl()), b.pgCtl().toString());
        assertTrue(Files.isExecutable(b.postgres()), b.postgres().toString());
    }

    @Test
    void clientToolsAreFoundInBinDirOrOnPath() {
        PgBinaries b = PgBinaries.locate();
        assertTrue(Files.isExecutable(b.psql()), b.psql().toString());
        assertTrue(Files.isExecutable(b.pgbench()), b.pgbench().toString());
        assertTrue(Files.isExecutable(b.pgIsReady()), b.pgIsReady().toString());
    }

    @Test
    void majorVersionComesFromPostgresVersion() {
        int major = PgBinaries.locate().majorVersion();
        assertTrue(major >= 10 && major < 100, "major version " + major);
    }

    @Test
    void explicitEnvironmentVariableWins(@TempDir Path tmp) throws IOException {
        Path bin = fakeInstall(tmp.resolve("custom"));
        fakeInstall(tmp.resolve("roots/16"));
        PgBinaries b = PgBinaries.locate(Map.of(PgBinaries.ENV_VAR, bin.toString(), "PATH", ""),
                List.of(tmp.resolve("roots")));
        assertEquals(bin, b.binDir());
    }

    @Test
    void explicitEnvironmentVariablePointingNowhereFailsClearly(@TempDir Path tmp) {
        Path empty = tmp.resolve("nothing-here");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> PgBinaries.locate(Map.of(PgBinaries.ENV_VAR, empty.toString()), List.of()));
        assertTrue(e.getMessage().contains(PgBinaries.ENV_VAR + "=" + empty), e.getMessage());
        assertTrue(e.getMessage().contains("initdb"), e.getMessage());
    }

    @Test
    void initdbOnPathIsFollowedThroughSymlinksToTheRealDirectory(@TempDir Path tmp) throws IOException {
        Path real = fakeInstall(tmp.resolve("opt/pg/17"));
        Path pathDir = Files.createDirectories(tmp.resolve("path-bin"));
        Files.createSymbolicLink(pathDir.resolve("initdb"), real.resolve("initdb"));
        PgBinaries b = PgBinaries.locate(Map.of("PATH", pathDir.toString()), List.of());
        assertEquals(real.toRealPath(), b.binDir());
    }

    @Test
    void newestVersionedDirectoryWithAllServerBinariesIsChosen(@TempDir Path tmp) throws IOException {
        Path roots = tmp.resolve("usr-lib-postgresql");
        fakeInstall(roots.resolve("9.6"));
        fakeInstall(roots.resolve("13"));
        Path v15 = fakeInstall(roots.resolve("15"));
        Path incomplete = Files.createDirectories(roots.resolve("17/bin"));
        executable(incomplete.resolve("initdb")); // no pg_ctl, no postgres: a client-only install
        PgBinaries b = PgBinaries.locate(Map.of("PATH", ""), List.of(roots));
        assertEquals(v15, b.binDir());
    }

    @Test
    void nothingFoundNamesWhereItLookedAndSuggestsInstalling(@TempDir Path tmp) {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> PgBinaries.locate(Map.of("PATH", tmp.toString()), List.of(tmp.resolve("no-such-root"))));
        String m = e.getMessage();
        assertTrue(m.contains("apt-get install postgresql"), m);
        assertTrue(m.contains("pg_config"), m);
        assertTrue(m.contains("no-such-root"), m);
        assertTrue(m.contains(PgBinaries.ENV_VAR), m);
    }

    /** A directory {@code <dir>/bin} with executable stand-ins for the server binaries. */
    private static Path fakeInstall(Path dir) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        for (String name : PgBinaries.SERVER_BINARIES) {
            executable(bin.resolve(name));
        }
        return bin;
    }

    private static void executable(Path file) throws IOException {
        Files.writeString(file, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
