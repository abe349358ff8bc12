package dev.rift.router.abuse;

import dev.rift.pgwire.message.ErrorResponse;
import dev.rift.router.BranchDirectory;
import dev.rift.router.ConnectionLimits;
import dev.rift.router.ProxyConfig;
import dev.rift.router.ProxyServer;
import dev.rift.storage.UpstreamUrl;
import dev.rift.storage.cluster.LocalCluster;
import dev.rift.testsupport.Await;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * rift's connection limits against a PostgreSQL of its own with a small max_connections (40, 3 of them for
 * superusers), so using it up is cheap and real: clients that start a session and never answer the password
 * challenge hold at most --max-upstream-conn of the server's connections, so direct logins keep working; clients
 * beyond --max-client-conn are refused before anything reaches the server; and no way of leaving gives back a slot
 * twice or never.
 */
@ExtendWith(NettyLeakCheck.class)
class ConnectionLimitsTest {
    private static final String HOST = "127.0.0.1";
    private static final String ROLE = "app";
    private static final String ROLE_PASSWORD = "app-secret";
    private static final int UPSTREAM_LIMIT = 20;
    private static final int STUCK = 110;

    private static LocalCluster pg;
    private static UpstreamUrl upstream;

    @BeforeAll
    static void startSmallServer() throws Exception {
        pg = LocalCluster.builder().superuser("postgres").password("super-secret")
                .setting("max_connections", "40").start();
        try (Connection c = pg.connect("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + ROLE + " LOGIN PASSWORD '" + ROLE_PASSWORD + "'");
        }
        upstream = UpstreamUrl.parse("postgres://postgres:super-secret@" + pg.host() + ":" + pg.port() + "/postgres");
    }

    @AfterAll
    static void stopSmallServer() {
        if (pg != null) {
            pg.close();
        }
    }

    private static ProxyServer rift(ConnectionLimits limits) throws InterruptedException {
        return ProxyServer.start(new ProxyConfig(HOST, 0, upstream, ProxyConfig.DEFAULT_MAX_FRAME, Duration.ofSeconds(30))
                .withLimits(limits));
    }

    @Test
    void clientsStuckInAuthenticationLeaveDirectLoginsWorkingAndAWellBehavedClientIsQueuedThenServed()
            throws Exception {
        ConnectionLimits limits = ConnectionLimits.DEFAULT.withMaxUpstreamConn(UPSTREAM_LIMIT)
                .withUpstreamWait(Duration.ofSeconds(3)).withAuthTimeout(Duration.ofSeconds(60));
        List<RawPgClient> stuck = new ArrayList<>();
        ExecutorService background = Executors.newSingleThreadExecutor();
        try (ProxyServer rift = rift(limits)) {
            for (int i = 0; i < STUCK; i++) {
                RawPgClient c = RawPgClient.connect(HOST, rift.port());
                stuck.add(c);
                c.send(Packets.startup(Map.of("user", ROLE, "database", BranchDirectory.MAIN)));
            }
            Await.until(UPSTREAM_LIMIT + " sessions holding a slot, the others in line", Duration.ofSeconds(20),
                    () -> held(rift) == UPSTREAM_LIMIT && rift.upstreamSlots().waiting(upstream) == STUCK - UPSTREAM_LIMIT,
                    () -> held(rift) + " held, " + rift.upstreamSlots().waiting(upstream) + " waiting");

            for (int i = 0; i < 5; i++) {
                try (Connection direct = direct()) {
                    assertEquals(1, one(direct), "a direct login while " + STUCK + " clients are stuck");
                }
            }
            try (Connection observer = direct()) {
                int sessions = one(observer, "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'");
                assertTrue(sessions <= UPSTREAM_LIMIT + 1, "the server's client sessions: " + sessions);
            }

            // Those in line are refused after the wait, in PostgreSQL's words and naming rift's limit.
            List<RawPgClient> challenged = new ArrayList<>();
            int refused = 0;
            for (RawPgClient c : stuck) {
                RawPgClient.BackendMessage first = c.readMessage();
                if (first.type() == 'R') {
                    challenged.add(c);
                } else {
                    ErrorResponse error = first.asError();
                    assertEquals(List.of("FATAL", "53300"), List.of(error.severity(), error.sqlState()), error.fields().toString());
                    assertTrue(error.message().startsWith("sorry, too many clients already")
                            && error.message().contains("--max-upstream-conn"), error.message());
                    refused++;
                }
            }
            assertEquals(List.of(UPSTREAM_LIMIT, STUCK - UPSTREAM_LIMIT), List.of(challenged.size(), refused));
            Await.until("nobody left in line", Duration.ofSeconds(10),
                    () -> rift.upstreamSlots().waiting(upstream) == 0, () -> "" + rift.upstreamSlots().waiting(upstream));

            // A well-behaved client waits in line; one stuck client leaves, and its slot is the newcomer's at once.
            CompletableFuture<Integer> served = CompletableFuture.supplyAsync(() -> {
                try (Connection c = throughRift(rift)) {
                    return one(c);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }, background);
            Await.until("the well-behaved client in line", Duration.ofSeconds(10),
                    () -> rift.upstreamSlots().waiting(upstream) == 1, () -> "" + rift.upstreamSlots().waiting(upstream));
            challenged.get(0).close();
            assertEquals(1, served.get(30, TimeUnit.SECONDS));

            for (RawPgClient c : stuck) {
                c.close();
            }
            Await.until("every slot given back", Duration.ofSeconds(10), () -> held(rift) == 0, () -> held(rift) + " held");
        } finally {
            background.shutdownNow();
            for (RawPgClient c : stuck) {
                c.close();
            }
        }
    }

    @Test
    void aClientBeyondMaxClientConnIsRefusedWith53300BeforeAnythingReachesTheUpstream() throws Exception {
        int max = 5;
        List<RawPgClient> silent = new ArrayList<>();
        try (ProxyServer rift = rift(ConnectionLimits.DEFAULT.withMaxClientConn(max))) {
            for (int i = 0; i < max; i++) {
                silent.add(RawPgClient.connect(HOST, rift.port()));
            }
            Await.until(max + " clients accepted", Duration.ofSeconds(10), () -> rift.clientConnections() == max,
                    () -> rift.clientConnections() + " accepted");
            SQLException refused = assertThrows(SQLException.class, () -> throughRift(rift).close());
            assertEquals("53300", refused.getSQLState(), refused.toString());
            assertTrue(refused.getMessage().contains("sorry, too many clients already"), refused.getMessage());

            try (RawPgClient raw = RawPgClient.connect(HOST, rift.port())) {
                raw.send(Packets.startup(Map.of("user", ROLE, "database", BranchDirectory.MAIN)));
                ErrorResponse error = Replies.assertFatal(raw.readUntilEnd(AbusedProxy.ANSWER_LIMIT), "53300");
                assertEquals("sorry, too many clients already", error.message());
            }
            assertEquals(0, held(rift), "upstream connections opened for refused clients");

            silent.remove(0).close();
            Await.until("a client served once one has left", Duration.ofSeconds(10), () -> {
                try (Connection c = throughRift(rift)) {
                    return one(c) == 1;
                } catch (SQLException e) {
                    return false;
                }
            }, () -> "still refused");
        } finally {
            for (RawPgClient c : silent) {
                c.close();
            }
        }
    }

    /**
     * Clients that leave in every phase, many at once against a limit of 4: afterwards no slot is held and nobody is
     * in line, and 4 clients at once are served again while a fifth waits and is refused.
     */
    @Test
    void slotsAreGivenBackHoweverClientsLeave() throws Exception {
        int limit = 4;
        ConnectionLimits limits = ConnectionLimits.DEFAULT.withMaxUpstreamConn(limit)
                .withUpstreamWait(Duration.ofSeconds(1)).withAuthTimeout(Duration.ofSeconds(2));
        List<Leaving> ways = List.of(
                port -> RawPgClient.connect(HOST, port).close(),
                port -> {
                    try (RawPgClient c = RawPgClient.connect(HOST, port)) {
                        c.send(Packets.sslRequest());
                        c.readByte();
                    }
                },
                port -> {
                    try (RawPgClient c = RawPgClient.connect(HOST, port)) {
                        c.send(Packets.startup(Map.of("user", ROLE, "database", BranchDirectory.MAIN)));
                    }
                },
                port -> {
                    try (RawPgClient c = RawPgClient.connect(HOST, port)) {
                        c.send(Packets.startup(Map.of("user", ROLE, "database", BranchDirectory.MAIN)));
                        c.readMessage(); // the password challenge, or a refusal
                    }
                },
                port -> {
                    try (RawPgClient c = RawPgClient.connect(HOST, port)) {
                        c.send(Packets.startup(Map.of("user", ROLE, "database", BranchDirectory.MAIN)));
                        c.readUntilEnd(Duration.ofSeconds(5)); // until the authentication timeout ends it
                    }
                },
                port -> {
                    try (RawPgClient c = RawPgClient.connect(HOST, port)) {
                        c.authenticate(Map.of("user", ROLE, "database", BranchDirectory.MAIN), ROLE_PASSWORD);
                        c.send(Packets.query("SELECT 1"));
                    }
                },
                port -> {
                    try (RawPgClient c = RawPgClient.connect(HOST, port)) {
                        c.authenticate(Map.of("user", ROLE, "database", BranchDirectory.MAIN), ROLE_PASSWORD);
                        c.send(Packets.frame('X', new byte[0]));
                        c.readUntilEnd(Duration.ofSeconds(5));
                    }
                },
                port -> {
                    try (RawPgClient c = RawPgClient.connect(HOST, port)) {
                        c.authenticate(Map.of("user", ROLE, "database", BranchDirectory.MAIN), "wrong");
                    }
                },
                port -> {
                    try (RawPgClient c = RawPgClient.connect(HOST, port)) {
                        c.authenticate(Map.of("user", ROLE, "database", BranchDirectory.MAIN), ROLE_PASSWORD);
                        c.send(Packets.header('Q', 2));
                        c.readUntilEnd(Duration.ofSeconds(5));
                    }
                });
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try (ProxyServer rift = rift(limits)) {
            List<CompletableFuture<Void>> all = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                for (Leaving way : ways) {
                    all.add(CompletableFuture.runAsync(() -> {
                        try {
                            way.leave(rift.port());
                        } catch (IOException | RuntimeException e) {
                            // refused, reset, timed out: how it ended is not the point, what it left behind is
                        }
                    }, pool));
                }
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
            Await.until("no slot held, nobody in line", Duration.ofSeconds(10),
                    () -> held(rift) == 0 && rift.upstreamSlots().waiting(upstream) == 0,
                    () -> held(rift) + " held, " + rift.upstreamSlots().waiting(upstream) + " waiting");

            List<Connection> full = new ArrayList<>();
            try {
                for (int i = 0; i < limit; i++) {
                    full.add(throughRift(rift));
                }
                assertEquals(limit, held(rift));
                SQLException over = assertThrows(SQLException.class, () -> throughRift(rift).close());
                assertEquals("53300", over.getSQLState(), over.toString());
            } finally {
                for (Connection c : full) {
                    c.close();
                }
            }
            Await.until("every slot given back", Duration.ofSeconds(10), () -> held(rift) == 0, () -> held(rift) + " held");
        } finally {
            pool.shutdownNow();
        }
    }

    private interface Leaving {
        void leave(int port) throws IOException;
    }

    private static int held(ProxyServer rift) {
        return rift.upstreamSlots().held(upstream);
    }

    private static Connection direct() throws SQLException {
        return connect("jdbc:postgresql://" + pg.host() + ":" + pg.port() + "/postgres");
    }

    private static Connection throughRift(ProxyServer rift) throws SQLException {
        return connect("jdbc:postgresql://" + HOST + ":" + rift.port() + "/" + BranchDirectory.MAIN);
    }

    private static Connection connect(String url) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", ROLE);
        p.setProperty("password", ROLE_PASSWORD);
        p.setProperty("socketTimeout", "30");
        return DriverManager.getConnection(url, p);
    }

    private static int one(Connection c) throws SQLException {
        return one(c, "SELECT 1");
    }

    private static int one(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
