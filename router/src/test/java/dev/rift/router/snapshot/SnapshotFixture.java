package dev.rift.router.snapshot;

import dev.rift.router.AutoCreate;
import dev.rift.router.ProxyConfig;
import dev.rift.storage.pool.PoolSetup;
import dev.rift.storage.pool.SnapshotPool;
import dev.rift.storage.snapshot.Volume;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * A snapshot pool for router tests: the copy driver on a temp directory (any disk; the drivers'
 * own filesystems are covered in storage's tests), a fresh main with {@code setup} applied, and
 * rift serving it. Closing stops every postmaster and removes the pool.
 */
public final class SnapshotFixture implements AutoCloseable {

    public static final String USER = "postgres";
    public static final String PASSWORD = "rift-snapshot-router-test";

    public final Path dir;
    public final SnapshotPool pool;
    public SnapshotServer server;

    private SnapshotFixture(Path dir, SnapshotPool pool) {
        this.dir = dir;
        this.pool = pool;
    }

    /** A pool with main holding {@code setup}; serve it with {@link #serve}. */
    public static SnapshotFixture create(String... setup) throws Exception {
        Path dir = Files.createTempDirectory("rift-snap-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        SnapshotPool pool = new PoolSetup("copy", dir.toString(), null, null, "app", null, PASSWORD, true).run();
        SnapshotFixture f = new SnapshotFixture(dir, pool);
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
            pool.stopAll();
            for (Volume v : pool.driver().list()) {
                pool.driver().destroy(v);
            }
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
