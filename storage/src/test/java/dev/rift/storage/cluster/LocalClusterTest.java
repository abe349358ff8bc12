package dev.rift.storage.cluster;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class LocalClusterTest {

    private static final String USER = "rift_lc";
    private static final String PASSWORD = "s3cret 'with' \"quotes\"";

    private static LocalCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = LocalCluster.start(USER, PASSWORD);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void clusterAcceptsJdbcConnectionWithThePassword() throws SQLException {
        try (Connection c = cluster.connect("postgres"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT current_user, inet_server_port(), version()")) {
            assertTrue(rs.next());
            assertEquals(USER, rs.getString(1));
            assertEquals(cluster.port(), rs.getInt(2));
            assertTrue(rs.getString(3).startsWith("PostgreSQL " + cluster.binaries().majorVersion()));
        }
        assertEquals("jdbc:postgresql://127.0.0.1:" + cluster.port() + "/postgres", cluster.jdbcUrl("postgres"));
        assertNotEquals(5432, cluster.port());
        assertNotEquals(6432, cluster.port());
    }

    @Test
    void wrongPasswordIsRejectedOverTcp() {
        SQLException e = assertThrows(SQLException.class, () -> java.sql.DriverManager.getConnection(
                cluster.jdbcUrl("postgres"), USER, "not the password").close());
        assertEquals("28P01", e.getSQLState(), e.getMessage());
    }

    @Test
    void serverRunsAsPostgresOsUserWhenJvmIsRoot() throws Exception {
        assumeTrue(ExternalCommand.runningAsRoot(), "JVM is not root");
        assertTrue(cluster.runsAsPostgresOsUser());
        ProcessHandle postmaster = ProcessHandle.of(cluster.pid()).orElseThrow();
        assertEquals(LocalCluster.POSTGRES_OS_USER, postmaster.info().user().orElseThrow());
        assertEquals(LocalCluster.POSTGRES_OS_USER, Files.getOwner(cluster.dataDir()).getName());
        assertTrue(cluster.dataDir().getParent().getFileName().toString().startsWith("rift-pg-"));
    }

    @Test
    void configuredSettingsAreInEffect() throws SQLException {
        try (Connection c = cluster.connect("postgres"); Statement s = c.createStatement()) {
            assertEquals("600", show(s, "max_connections"));
            assertEquals("128MB", show(s, "shared_buffers"));
            assertEquals("127.0.0.1", show(s, "listen_addresses"));
            assertEquals(cluster.socketDir().toString(), show(s, "unix_socket_directories"));
            assertEquals("off", show(s, "fsync"));
            assertEquals("off", show(s, "synchronous_commit"));
            assertEquals("off", show(s, "full_page_writes"));
            assertEquals("UTF8", show(s, "server_encoding"));
        }
        assertEquals(LocalCluster.Durability.FAST, cluster.durability());
    }

    @Test
    void psqlConnectsThroughTheUnixSocketWithTrust() {
        ExternalCommand.Result r = ExternalCommand.of(cluster.binaries().psql().toString(), "-X", "-A", "-t",
                        "-h", cluster.socketDir().toString(), "-p", Integer.toString(cluster.port()),
                        "-U", USER, "-d", "postgres", "-c", "SELECT 40 + 2")
                .withoutEnv("PGPASSWORD").timeout(Duration.ofSeconds(30)).run();
        assertEquals("42", r.stdout().trim());
    }

    @Test
    void clusterStopsAndLeavesNoProcessBehindAndRemovesItsTempDir() throws SQLException {
        LocalCluster c = LocalCluster.builder().superuser(USER).password("pw")
                .durability(LocalCluster.Durability.DURABLE).start();
        long pid = c.pid();
        Path base = c.dataDir().getParent();
        List<Long> children;
        try (Connection conn = c.connect("postgres"); Statement s = conn.createStatement()) {
            assertEquals("on", show(s, "fsync"));
            assertEquals("on", show(s, "full_page_writes"));
            assertTrue(c.isRunning());
            assertTrue(PostmasterProcess.isAlive(pid));
            children = ProcessHandle.of(pid).orElseThrow().children().map(ProcessHandle::pid).toList();
            assertFalse(children.isEmpty(), "postmaster has background workers");
        } finally {
            c.close();
        }
        assertFalse(c.isRunning());
        assertFalse(PostmasterProcess.isAlive(pid), "postmaster " + pid + " still running");
        for (long child : children) {
            assertFalse(PostmasterProcess.isAlive(child), "postmaster child " + child + " still running");
        }
        assertFalse(Files.exists(base), base + " not deleted");
        c.close(); // idempotent
    }

    @Test
    void explicitDataDirIsKeptAndRestartsWithItsData() throws Exception {
        // Parent searchable but not writable by others; the data directory made (empty) by the caller.
        Path base = Files.createTempDirectory("rift-lc-test-");
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path dataDir = Files.createDirectory(base.resolve("cluster"));
        try {
            int port = FreePort.find();
            try (LocalCluster c = LocalCluster.start(dataDir, port, USER, "pw1")) {
                assertEquals(dataDir, c.dataDir());
                assertEquals(port, c.port());
                try (Connection conn = c.connect("postgres"); Statement s = conn.createStatement()) {
                    s.execute("CREATE TABLE kept(v int); INSERT INTO kept VALUES (7)");
                }
            }
            assertTrue(Files.exists(dataDir.resolve("PG_VERSION")), "data dir kept after close");

            int port2 = FreePort.find();
            try (LocalCluster c = LocalCluster.start(dataDir, port2, USER, "pw1");
                 Connection conn = c.connect("postgres"); Statement s = conn.createStatement();
                 ResultSet rs = s.executeQuery("SELECT v FROM kept")) {
                assertEquals(port2, c.port());
                assertTrue(rs.next());
                assertEquals(7, rs.getInt(1));
            }
            String conf = Files.readString(dataDir.resolve("postgresql.conf"));
            assertEquals(1, conf.split("rift LocalCluster settings \\(managed", -1).length - 1,
                    "managed block replaced, not appended twice");
            assertTrue(conf.contains("port = '" + port2 + "'"));
        } finally {
            ClusterFiles.deleteTree(base);
        }
    }

    @Test
    void startingADataDirThatIsAlreadyRunningFailsWithoutHarmingTheRunningServer() throws SQLException {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> LocalCluster.start(cluster.dataDir(), FreePort.find(), USER, PASSWORD).close());
        assertTrue(e.getMessage().contains("in use by a running postmaster"), e.getMessage());
        assertTrue(cluster.isRunning());
        try (Connection c = cluster.connect("postgres")) {
            assertTrue(c.isValid(5));
        }
    }

    @Test
    void dataDirUnreachableByPostgresUserFailsClearly(@TempDir Path privateDir) {
        assumeTrue(ExternalCommand.runningAsRoot(), "JVM is not root");
        // @TempDir is mode 0700 and owned by root: the postgres user cannot create anything in it.
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> LocalCluster.start(privateDir.resolve("sub").resolve("data"), FreePort.find(), USER, "pw").close());
        assertTrue(e.getMessage().contains("cannot write to"), e.getMessage());
    }

    @Test
    void startFailureReportsTheServerLogAndLeavesNothingRunning() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> LocalCluster.builder().port(taken.getLocalPort()).superuser(USER).password("pw")
                            .startTimeout(Duration.ofSeconds(20)).start().close());
            assertTrue(e.getMessage().contains("server log"), e.getMessage());
            assertTrue(e.getMessage().contains("could not bind") || e.getMessage().contains("could not create"),
                    e.getMessage());
        }
    }

    @Test
    void clusterOfAKilledJvmIsStoppedAndRemovedByTheNextJvm() throws Exception {
        Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
        Process owner = new ProcessBuilder(javaBin.toString(), "-cp", System.getProperty("java.class.path"),
                CrashingClusterOwner.class.getName())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        long postmaster;
        Path base;
        try (var out = new java.io.BufferedReader(new java.io.InputStreamReader(owner.getInputStream(),
                java.nio.charset.StandardCharsets.UTF_8))) {
            String line;
            do {
                line = out.readLine();
            } while (line != null && !line.startsWith("STARTED "));
            assertTrue(line != null, "the owner JVM did not start its cluster");
            String[] parts = line.split(" ");
            postmaster = Long.parseLong(parts[1]);
            base = Path.of(parts[2]);
        } finally {
            owner.destroyForcibly(); // SIGKILL: no shutdown hook runs
            owner.waitFor();
        }
        assertTrue(PostmasterProcess.isAlive(postmaster), "the killed JVM's postmaster outlives it");
        assertTrue(Files.exists(base));

        new OrphanedClusters(base.getParent()).reap();

        assertFalse(PostmasterProcess.isAlive(postmaster), "orphaned postmaster " + postmaster + " still running");
        assertFalse(Files.exists(base), base + " not deleted");
        assertTrue(cluster.isRunning(), "this JVM's own cluster is left alone");
    }

    private static String show(Statement s, String setting) throws SQLException {
        try (ResultSet rs = s.executeQuery("SHOW " + setting)) {
            assertTrue(rs.next());
            return rs.getString(1);
        }
    }
}
