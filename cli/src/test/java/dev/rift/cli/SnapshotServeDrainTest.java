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
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@code rift serve --pool} drains on SIGTERM as overlay mode does, then stops the branches' postmasters. */
class SnapshotServeDrainTest {
    private static final String PASSWORD = "rift-drain";
    private static final String SLOW = "SELECT 42 AS answer, pg_sleep(2)";
    private Path dir;

    @BeforeEach
    void init() throws Exception {
        dir = Files.createTempDirectory("rift-drain-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Rift init = Rift.run("init", "--mode", "snapshot", "--driver", "copy", "--pool", dir.toString(),
                "--database", "app", "--password", PASSWORD, "--fast");
        assertEquals(0, init.exitCode(), init.err());
    }

    @AfterEach
    void remove() throws Exception {
        SnapshotPools.remove(dir);
    }

    @Test
    void sigtermLetsTheStatementInFlightFinishEndsIdleSessionsExitsZeroAndStopsThePostmasters() throws Exception {
        int port = FreePort.find();
        try (ServeJvm serve = ServeJvm.start(Map.of("RIFT_POOL", dir.toString(), "RIFT_LISTEN", "127.0.0.1:" + port,
                "RIFT_AUTO_CREATE", "pr-[0-9]+")).awaitListening(port);
             Connection busy = connect(port, "pr-1");
             Connection idle = connect(port, "pr-1")) {
            Postmaster branch = SnapshotPool.open(dir.toString()).running("pr-1")
                    .orElseThrow(() -> new AssertionError("pr-1 should be running"));
            CompletableFuture<Integer> inFlight = CompletableFuture.supplyAsync(() -> answer(busy));
            awaitRunning(branch.port());

            serve.terminate();
            assertEquals(42, inFlight.get(30, TimeUnit.SECONDS), "the statement in flight finishes with its result");
            SQLException idleEnded = assertThrows(SQLException.class, () -> idle.createStatement().execute("SELECT 1"));
            assertEquals("57P01", idleEnded.getSQLState());
            assertEquals(0, serve.awaitExit(Duration.ofSeconds(60)), serve.output());
            assertFalse(branch.isRunning(), "serve stops the postmasters it ran");
        }
    }

    private static int answer(Connection c) {
        try (PreparedStatement ps = c.prepareStatement(SLOW); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt("answer");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until the branch's own postmaster shows the slow statement running. */
    private static void awaitRunning(int postmasterPort) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + postmasterPort + "/pr-1",
                "postgres", PASSWORD)) {
            RunningStatements.await(c, SLOW, true, "the branch's postmaster");
        }
    }

    private static Connection connect(int port, String branch) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + branch, "postgres", PASSWORD);
    }
}
