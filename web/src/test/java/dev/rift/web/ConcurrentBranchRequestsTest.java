package dev.rift.web;

import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Many clients creating and deleting one name at once: one wins each race, the others get 409 or 404, nothing breaks. */
@ExtendWith(UpstreamExtension.class)
class ConcurrentBranchRequestsTest {
    private static final int CLIENTS = 12;
    private static RunningApi api;

    @BeforeAll
    static void start(TestUpstream pg) throws Exception {
        api = RunningApi.start(pg, "CREATE TABLE t (id int PRIMARY KEY, v int)",
                "INSERT INTO t SELECT g, g FROM generate_series(1, 100) g");
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void ofManySimultaneousCreatesOfOneNameExactlyOneSucceedsAndTheOthersGet409() throws Exception {
        Map<Integer, Integer> statuses = race(() -> api.post("/api/branches", "{\"name\":\"race-create\"}").status());
        assertEquals(Map.of(201, 1, 409, CLIENTS - 1), statuses);
        assertEquals(1, catalogRows("race-create"));
    }

    @Test
    void ofManySimultaneousDeletesOfOneNameExactlyOneSucceedsAndTheOthersGet404() throws Exception {
        assertEquals(201, api.post("/api/branches", "{\"name\":\"race-delete\"}").status());
        Map<Integer, Integer> statuses = race(() -> api.delete("/api/branches/race-delete").status());
        assertEquals(Map.of(200, 1, 404, CLIENTS - 1), statuses);
        assertEquals(0, catalogRows("race-delete"));
    }

    @Test
    void interleavedCreatesAndDeletesOfOneNameOnlyEverAnswerTheirOwnOutcomesAndLeaveAConsistentCatalog()
            throws Exception {
        Map<Integer, Integer> statuses = race(() -> {
            int created = api.post("/api/branches", "{\"name\":\"race-mixed\"}").status();
            int deleted = api.delete("/api/branches/race-mixed").status();
            assertTrue(created == 201 || created == 409, "create answered " + created);
            assertTrue(deleted == 200 || deleted == 404, "delete answered " + deleted);
            return created;
        });
        assertTrue(statuses.getOrDefault(201, 0) >= 1, statuses.toString());
        int rows = catalogRows("race-mixed");
        assertEquals(rows == 1 ? 200 : 404, api.get("/api/branches/race-mixed").status(),
                "the API and the catalog agree on whether it exists");
        api.delete("/api/branches/race-mixed");
        assertEquals(201, api.post("/api/branches", "{\"name\":\"race-mixed\"}").status(), "the name is usable again");
        api.execute("race-mixed", "UPDATE t SET v = 0 WHERE id = 1");
        assertEquals(1, api.get("/api/branches/race-mixed").json().path("rows_changed").asLong());
    }

    /** Runs {@code request} from {@link #CLIENTS} threads released together; counts the answers by status. */
    private static Map<Integer, Integer> race(Callable<Integer> request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return request.call();
                }));
            }
            go.countDown();
            Map<Integer, Integer> byStatus = new TreeMap<>();
            for (Future<Integer> f : answers) {
                byStatus.merge(f.get(), 1, Integer::sum);
            }
            return byStatus;
        } finally {
            pool.shutdownNow();
        }
    }

    private static int catalogRows(String name) throws Exception {
        try (Connection c = api.pg.connect(api.db);
             PreparedStatement st = c.prepareStatement("SELECT count(*) FROM rift.branches WHERE name = ?")) {
            st.setString(1, name);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
