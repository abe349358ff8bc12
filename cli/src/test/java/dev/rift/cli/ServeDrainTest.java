package dev.rift.cli;

import dev.rift.storage.cluster.FreePort;
import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import dev.rift.testsupport.Await;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * SIGTERM to {@code rift serve} (docker stop, the end of a CI job) is a graceful shutdown, as PostgreSQL's: no new
 * connections, a statement in flight finishes and its client gets the result, idle sessions end with 57P01, and
 * the process exits 0. On main the server's bytes are relayed unframed; on a branch they pass the overlay pipeline:
 * both are covered.
 */
@ExtendWith(UpstreamExtension.class)
class ServeDrainTest {
    private static final String SLOW = "SELECT 42 AS answer, pg_sleep(2)";
    private static final String ENDLESS = "SELECT 42 AS answer, pg_sleep(600)";

    private static CliUpstream fixture;

    @BeforeAll
    static void upstream(TestUpstream upstream) throws Exception {
        fixture = CliUpstream.of(upstream, st -> {
            st.execute("CREATE TABLE items (id int PRIMARY KEY)");
        });
        Rift create = Rift.run("create", "drained", "--upstream", fixture.url);
        assertEquals(0, create.exitCode(), create.err());
    }

    @AfterAll
    static void drop() {
        fixture.close();
    }

    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {"main", "drained"})
    void sigtermLetsTheStatementInFlightFinishEndsIdleSessionsRefusesNewOnesAndExitsZero(String branch) throws Exception {
        int port = FreePort.find();
        try (ServeJvm serve = ServeJvm.start(Map.of("RIFT_UPSTREAM", fixture.url, "RIFT_LISTEN", "127.0.0.1:" + port))
                .awaitListening(port);
             Connection busy = connect(port, branch);
             Connection idle = connect(port, branch)) {
            try (Statement st = idle.createStatement()) {
                st.execute("SELECT 1"); // a session that has finished its work
            }
            CompletableFuture<Integer> inFlight = CompletableFuture.supplyAsync(() -> answer(busy));
            awaitRunning(SLOW);

            serve.terminate();
            awaitRefused(port);
            assertFalse(inFlight.isDone(), "new connections are refused while the statement still runs");
            SQLException refused = assertThrows(SQLException.class, () -> connect(port, branch).close());
            assertEquals("08001", refused.getSQLState(), "pgjdbc's code for a connection attempt that was refused");

            assertEquals(42, inFlight.get(30, TimeUnit.SECONDS), "the statement in flight finishes with its result");
            SQLException afterwards = assertThrows(SQLException.class, () -> busy.createStatement().execute("SELECT 1"));
            assertEquals("57P01", afterwards.getSQLState(), "then its session ends as PostgreSQL's shutdown ends one");
            SQLException idleEnded = assertThrows(SQLException.class, () -> idle.createStatement().execute("SELECT 1"));
            assertEquals("57P01", idleEnded.getSQLState(), "an idle session is ended at once");

            assertEquals(0, serve.awaitExit(Duration.ofSeconds(30)), serve.output());
        }
    }

    @Test
    void aStatementStillRunningWhenTheDrainTimeoutEndsIsCancelledOnTheUpstreamAndItsSessionEnded() throws Exception {
        int port = FreePort.find();
        try (ServeJvm serve = ServeJvm.start(Map.of("RIFT_UPSTREAM", fixture.url, "RIFT_LISTEN", "127.0.0.1:" + port,
                "RIFT_DRAIN_TIMEOUT", "1s")).awaitListening(port);
             Connection busy = connect(port, "drained")) {
            CompletableFuture<Integer> inFlight = CompletableFuture.supplyAsync(() -> answer(busy, ENDLESS));
            awaitRunning(ENDLESS);

            serve.terminate();
            ExecutionException ended = assertThrows(ExecutionException.class, () -> inFlight.get(30, TimeUnit.SECONDS));
            assertEquals("57P01", ((SQLException) ended.getCause().getCause()).getSQLState(), ended.toString());
            assertEquals(0, serve.awaitExit(Duration.ofSeconds(30)), serve.output());
            awaitGone(ENDLESS);
        }
    }

    private static int answer(Connection c) {
        return answer(c, SLOW);
    }

    private static int answer(Connection c, String sql) {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt("answer");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until the upstream shows {@code sql} running (the proxy forwarded it). */
    private static void awaitRunning(String sql) throws Exception {
        awaitActive(sql, true);
    }

    /** Waits until no upstream backend runs {@code sql} any more. */
    private static void awaitGone(String sql) throws Exception {
        awaitActive(sql, false);
    }

    private static void awaitActive(String sql, boolean wanted) throws Exception {
        try (Connection c = fixture.pg.connect(fixture.db)) {
            RunningStatements.await(c, sql, wanted, "the upstream");
        }
    }

    private static void awaitRefused(int port) throws Exception {
        Await.until("rift refuses connections after SIGTERM", Duration.ofSeconds(10),
                () -> ServeJvm.probe(port) == ServeJvm.Probe.REFUSED);
    }

    private static Connection connect(int port, String branch) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", fixture.pg.user());
        p.setProperty("password", fixture.pg.password());
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + branch, p);
    }
}
