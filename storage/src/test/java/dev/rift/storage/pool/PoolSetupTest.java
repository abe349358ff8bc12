package dev.rift.storage.pool;

import dev.rift.storage.UpstreamUrl;
import dev.rift.storage.cluster.LocalCluster;
import dev.rift.storage.testing.SnapshotPools;
import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** rift init --mode snapshot seeding main from an existing data directory or a running server (copy driver). */
@ExtendWith(UpstreamExtension.class)
class PoolSetupTest {

    private static final String PASSWORD = "rift-setup-test";
    private Path dir;

    @BeforeEach
    void makePool() throws Exception {
        dir = Files.createTempDirectory("rift-setup-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @AfterEach
    void removePool() throws Exception {
        SnapshotPools.remove(dir);
    }

    @Test
    void mainCanBeSeededFromARunningServerWithPgBasebackup(TestUpstream pg) throws Exception {
        String db = pg.createDatabase();
        try {
            try (Connection c = pg.connect(db); Statement st = c.createStatement()) {
                st.execute("create table seeded(id int primary key)");
                st.execute("insert into seeded select generate_series(1, 250)");
            }
            SnapshotPool pool = new PoolSetup("copy", dir.toString(), null, UpstreamUrl.parse(pg.url(db)), null, null,
                    null, true).run();

            assertEquals(db, pool.state().database(), "clients land in the URL's database");
            assertEquals(pg.user(), pool.state().superuser());
            Postmaster main = pool.start(SnapshotPool.MAIN);
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + main.port() + "/" + db,
                    pg.user(), pg.password())) {
                assertEquals(250, count(c, "seeded"));
            }
        } finally {
            pg.dropDatabase(db);
        }
    }

    @Test
    void mainCanBeACopyOfAStoppedDataDirectoryWhichIsLeftAsItWas() throws Exception {
        try (LocalCluster existing = LocalCluster.start("owner", PASSWORD)) {
            try (Connection c = existing.connect("postgres"); Statement st = c.createStatement()) {
                st.execute("create table adopted(id int primary key)");
                st.execute("insert into adopted select generate_series(1, 40)");
            }
            existing.stop();

            SnapshotPool pool = new PoolSetup("copy", dir.toString(), existing.dataDir(), null, null, "owner", null,
                    true).run();
            Postmaster main = pool.start(SnapshotPool.MAIN);
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + main.port() + "/postgres",
                    "owner", PASSWORD); Statement st = c.createStatement()) {
                assertEquals(40, count(c, "adopted"));
                st.execute("insert into adopted values (41)");
            }
            assertTrue(Files.isRegularFile(existing.dataDir().resolve("PG_VERSION")), "the original stays in place");
            assertFalse(Files.exists(existing.dataDir().resolve("postmaster.pid")), "and is not started");
        }
    }

    @Test
    void aDataDirectoryInUseIsRefusedAndThePoolIsLeftEmpty() throws Exception {
        try (LocalCluster running = LocalCluster.start("owner", PASSWORD)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> new PoolSetup("copy",
                    dir.toString(), running.dataDir(), null, null, null, null, true).run());
            assertTrue(e.getMessage().contains("stop it first"), e.getMessage());
        }
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of(), left.filter(p -> !p.getFileName().toString().startsWith(".")).toList());
        }
    }

    private static long count(Connection c, String table) throws Exception {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select count(*) from " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
