package dev.rift.cli;

import dev.rift.storage.cluster.FreePort;
import dev.rift.storage.pool.Postmaster;
import dev.rift.storage.pool.SnapshotPool;
import dev.rift.storage.testing.SnapshotPools;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code rift serve --pool} killed with SIGKILL: its branch postmasters keep running (data safe),
 * the next {@code rift serve} adopts them and serves them as they are, and {@code rift delete}
 * then leaves neither a postmaster nor a clone.
 */
class KilledServeTest {
    private static final String PASSWORD = "rift-killed-serve";
    private Path dir;
    private final List<Process> serves = new ArrayList<>();

    @BeforeEach
    void init() throws Exception {
        dir = Files.createTempDirectory("rift-killed-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Rift init = Rift.run("init", "--mode", "snapshot", "--driver", "copy", "--pool", dir.toString(),
                "--database", "app", "--password", PASSWORD, "--fast");
        assertEquals(0, init.exitCode(), init.err());
    }

    @AfterEach
    void remove() throws Exception {
        for (Process p : serves) {
            p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        SnapshotPools.remove(dir);
    }

    @Test
    void aKilledServesPostmastersAreAdoptedByTheNextServeAndDeleteLeavesNothing() throws Exception {
        int port = FreePort.find();
        Process first = serve(port);
        try (Connection c = connect(port, "pr-1")) { // auto-created, started by the first serve
            exec(c, "create table kept(id int primary key)");
            exec(c, "insert into kept values (1)");
        }
        SnapshotPool pool = SnapshotPool.open(dir.toString());
        Postmaster left = pool.running("pr-1").orElseThrow(() -> new AssertionError("pr-1 should be running"));

        first.destroyForcibly(); // SIGKILL: no shutdown hook runs
        assertTrue(first.waitFor(30, TimeUnit.SECONDS));
        assertTrue(left.isRunning(), "the branch's postmaster outlives the killed serve");

        int port2 = FreePort.find();
        serve(port2);
        try (Connection c = connect(port2, "pr-1")) {
            assertEquals(1, one(c, "select count(*) from kept"));
            assertEquals(left.port(), one(c, "select inet_server_port()"), "served by the adopted postmaster");
        }

        Rift delete = Rift.run("delete", "pr-1", "--pool", dir.toString());
        assertEquals(0, delete.exitCode(), delete.err());
        assertFalse(left.isRunning(), "delete stops the postmaster");
        assertFalse(Files.exists(dir.resolve("pr-1")), "delete destroys the clone");
    }

    private Process serve(int port) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ServeProcess.class.getName(),
                "serve", "--pool", dir.toString(), "--listen", "127.0.0.1:" + port, "--auto-create", "pr-[0-9]+",
                "--http", "off")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("serve-" + port + ".log").toFile())
                .start();
        serves.add(p);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (FreePort.isFree(port)) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                fail("rift serve did not start listening: " + Files.readString(dir.resolve("serve-" + port + ".log")));
            }
            Thread.sleep(50); // polling the port: the child process tells us nothing else
        }
        return p;
    }

    private static Connection connect(int port, String branch) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + branch, "postgres", PASSWORD);
    }

    private static void exec(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static long one(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
