package dev.rift.router.snapshot;

import dev.rift.router.AutoCreate;
import dev.rift.router.ProxyConfig;
import dev.rift.storage.pool.PoolSetup;
import dev.rift.storage.pool.SnapshotPool;
import dev.rift.storage.snapshot.LoopbackFilesystem;
import dev.rift.storage.snapshot.TestDirs;
import dev.rift.storage.snapshot.Volume;
import org.opentest4j.TestAbortedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;

/**
 * A snapshot pool for router tests: the copy driver on a temp directory (any disk; the drivers'
 * own filesystems are covered in storage's tests) or btrfs on a loop device, a fresh main with
 * {@code setup} applied, and rift serving it. Closing stops every postmaster and removes the pool.
 */
public final class SnapshotFixture implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SnapshotFixture.class);

    public static final String USER = "postgres";
    public static final String PASSWORD = "rift-snapshot-router-test";

    public final Path dir;
    public final SnapshotPool pool;
    public SnapshotServer server;
    private final Path work;
    private final LoopbackFilesystem filesystem; // null for the copy driver on the plain disk

    private SnapshotFixture(Path work, LoopbackFilesystem filesystem, Path dir, SnapshotPool pool) {
        this.work = work;
        this.filesystem = filesystem;
        this.dir = dir;
        this.pool = pool;
    }

    /** A pool of the copy driver on the temp directory's disk, with main holding {@code setup}; serve it with {@link #serve}. */
    public static SnapshotFixture create(String... setup) throws Exception {
        Path work = TestDirs.create("rift-snap-");
        return create(work, null, work, "copy", setup);
    }

    /**
     * The same on btrfs (a loop device), where a clone costs milliseconds instead of a copy: for
     * suites that make hundreds of branches. Falls back to the copy driver, saying so, where the
     * kernel refuses a loop device or btrfs.
     */
    public static SnapshotFixture createFast(String... setup) throws Exception {
        Path work = TestDirs.create("rift-snap-");
        LoopbackFilesystem btrfs;
        try {
            btrfs = LoopbackFilesystem.create(work, "btrfs", 2L << 30, "mkfs.btrfs", "-q");
        } catch (TestAbortedException refused) {
            log.warn("no btrfs here ({}); using the copy driver", refused.getMessage());
            return create(work, null, work, "copy", setup);
        }
        return create(work, btrfs, TestDirs.subdirectory(btrfs.mountpoint(), "pool"), "btrfs", setup);
    }

    private static SnapshotFixture create(Path work, LoopbackFilesystem fs, Path dir, String driver, String... setup)
            throws Exception {
        SnapshotPool pool;
        try {
            pool = new PoolSetup(driver, dir.toString(), null, null, "app", null, PASSWORD, true).run();
        } catch (Exception | Error e) {
            if (fs != null) {
                fs.close();
            }
            TestDirs.delete(work);
            throw e;
        }
        SnapshotFixture f = new SnapshotFixture(work, fs, dir, pool);
        try {
            var main = pool.start(SnapshotPool.MAIN);
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + main.port() + "/app",
                    USER, PASSWORD); Statement st = c.createStatement()) {
                for (String sql : setup) {
                    st.execute(sql);
                }
            }
        } catch (Exception | Error e) {
            f.close();
            throw e;
        }
        return f;
    }

    public SnapshotFixture serve(AutoCreate autoCreate, Duration idle) throws InterruptedException {
        server = SnapshotServer.start(new ProxyConfig("127.0.0.1", 0, null, ProxyConfig.DEFAULT_MAX_FRAME,
                ProxyConfig.DEFAULT_STARTUP_TIMEOUT), pool, autoCreate, idle);
        return this;
    }

    public Connection connect(String branch) throws SQLException {
        return connect(branch, "extended");
    }

    public Connection connect(String branch, String queryMode) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", USER);
        p.setProperty("password", PASSWORD);
        p.setProperty("preferQueryMode", queryMode);
        p.setProperty("socketTimeout", "60");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + server.port() + "/" + branch, p);
    }

    /** psql/pgbench style URL through rift. */
    public String url(String branch) {
        return "postgresql://" + USER + ":" + PASSWORD + "@127.0.0.1:" + server.port() + "/" + branch;
    }

    @Override
    public void close() throws IOException {
        try {
            if (server != null) {
                server.close();
            }
        } finally {
            try {
                pool.stopAll();
                for (Volume v : pool.driver().list()) {
                    pool.driver().destroy(v);
                }
            } finally {
                if (filesystem != null) {
                    filesystem.close();
                }
                TestDirs.delete(work);
            }
        }
    }
}
