package dev.rift.router.proxy;

import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Hundreds of clients at once: rift gives each its own upstream session (no pooling on branch
 * main), so all are open together, each query runs in its own backend, and nobody gets an error.
 */
@ExtendWith(UpstreamExtension.class)
class ManyClientsThroughProxyTest {
    private static final Logger log = LoggerFactory.getLogger(ManyClientsThroughProxyTest.class);

    private static final int WANTED_CLIENTS = 500;
    /** Connections left to the harness and to PostgreSQL's reserved superuser slots. */
    private static final int HEADROOM = 20;
    private static final int THREADS = 32;

    private static ProxiedUpstream proxy;
    private static ExecutorService pool;

    @BeforeAll
    static void startProxy(TestUpstream pg) throws Exception {
        proxy = ProxiedUpstream.start(pg);
        pool = Executors.newFixedThreadPool(THREADS);
    }

    @AfterAll
    static void stopProxy() throws InterruptedException {
        pool.shutdownNow();
        pool.awaitTermination(10, TimeUnit.SECONDS);
        proxy.close();
    }

    @Test
    void fiveHundredConcurrentClientsEachGetTheirOwnBackendWithoutError() throws Exception {
        int clients = clientCount();
        Connection[] connections = new Connection[clients];
        try {
            all(clients, i -> connections[i] = proxy.proxied().connect());

            try (Connection observer = proxy.direct().connect()) {
                assertEquals(clients, proxiedSessions(observer),
                        "upstream sessions held open at once for the clients through rift");
            }

            List<Integer> pids = all(clients, i -> {
                try (Statement s = connections[i].createStatement();
                     ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
                    rs.next();
                    return rs.getInt(1);
                }
            });
            assertEquals(clients, new HashSet<>(pids).size(), "every client runs in its own backend");
        } finally {
            all(clients, i -> {
                if (connections[i] != null) {
                    connections[i].close();
                }
                return null;
            });
        }
    }

    /** 500, or fewer when the upstream's max_connections would not allow that many next to the harness. */
    private static int clientCount() throws SQLException {
        int max;
        try (Connection c = proxy.direct().connect()) {
            max = Integer.parseInt((String) Results.query(c, "SHOW max_connections").rows().get(0).get(0));
        }
        int clients = Math.min(WANTED_CLIENTS, max - HEADROOM);
        if (clients < WANTED_CLIENTS) {
            log.warn("upstream max_connections is {}: using {} clients instead of {}", max, clients, WANTED_CLIENTS);
        } else {
            log.info("upstream max_connections is {}: opening {} clients through rift", max, clients);
        }
        return clients;
    }

    private static int proxiedSessions(Connection observer) throws SQLException {
        try (PreparedStatement ps = observer.prepareStatement(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = ? AND application_name = ?")) {
            ps.setString(1, proxy.database());
            ps.setString(2, "rift-test-" + proxy.proxied().label());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    interface Step<T> {
        T run(int client) throws Exception;
    }

    /** Runs {@code step} for every client on the pool and returns the results in client order; fails on any error. */
    private static <T> List<T> all(int clients, Step<T> step) throws Exception {
        List<Future<T>> futures = new ArrayList<>(clients);
        for (int i = 0; i < clients; i++) {
            int client = i;
            Callable<T> task = () -> step.run(client);
            futures.add(pool.submit(task));
        }
        List<T> results = new ArrayList<>(clients);
        for (Future<T> f : futures) {
            results.add(f.get(2, TimeUnit.MINUTES));
        }
        return results;
    }
}
