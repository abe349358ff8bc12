package dev.rift.cow;

import dev.rift.storage.UpstreamUrl;
import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import dev.rift.testsupport.Outcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Copy-up and update of the same upstream row from many sessions at once loses no update. */
@ExtendWith(UpstreamExtension.class)
class ConcurrentCopyUpTest {
    private static final int THREADS = 8;
    private static final int ITERATIONS = 200;
    private static final String SCHEMA = """
            CREATE TABLE counters (id integer PRIMARY KEY, n bigint NOT NULL);
            INSERT INTO counters VALUES (1, 41), (2, 0);
            """;

    private static EngineFixture fixture;

    @BeforeAll
    static void upstream(TestUpstream pg) throws SQLException {
        fixture = EngineFixture.start(pg, SCHEMA);
    }

    @AfterAll
    static void upstreamUnchanged() throws SQLException {
        fixture.close();
    }

    @Test
    void eightSessionsIncrementingOneUpstreamRowThroughCopyUpLoseNoIncrement() throws Exception {
        String branch = fixture.newBranch();
        BranchStatements on = new BranchStatements(fixture.engine, branch);
        List<String> increment = on.update("counters", "n = n + 1", "id = 1");
        long start = value("public.counters AS counters");

        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CyclicBarrier together = new CyclicBarrier(THREADS);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                done.add(pool.submit(() -> {
                    try (Connection c = fixture.connect()) {
                        together.await(30, TimeUnit.SECONDS); // the first copy-ups race each other too
                        int updated = 0;
                        for (int i = 0; i < ITERATIONS; i++) {
                            Outcome o = Outcomes.inTransaction(c, increment);
                            assertFalse(o.failed(), o::toString);
                            updated += o.updateCount();
                        }
                        return updated;
                    }
                }));
            }
            int updated = 0;
            for (Future<Integer> f : done) {
                updated += f.get(5, TimeUnit.MINUTES);
            }
            assertEquals(THREADS * ITERATIONS, updated);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(start + THREADS * ITERATIONS, value(on.read("counters")));
        assertEquals(start, value("public.counters AS counters"));
        WriteTarget target = fixture.engine.prepareWrite(branch, BranchStatements.table("counters"));
        assertEquals(1, count(target.writeRelation()), "one row copied up, however many sessions raced to copy it");
    }

    @Test
    void twoProcessesPreparingTheSameTableAtOnceMakeOneDelta(TestUpstream pg) throws Exception {
        String branch = fixture.newBranch();
        TableId counters = BranchStatements.table("counters");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CyclicBarrier together = new CyclicBarrier(2);
        try (OverlayEngine other = OverlayEngine.open(UpstreamUrl.parse(pg.url(fixture.db)))) {
            Future<WriteTarget> mine = pool.submit(() -> {
                together.await(30, TimeUnit.SECONDS);
                return fixture.engine.prepareWrite(branch, counters);
            });
            Future<WriteTarget> theirs = pool.submit(() -> {
                together.await(30, TimeUnit.SECONDS);
                return other.prepareWrite(branch, counters);
            });
            assertEquals(mine.get(60, TimeUnit.SECONDS), theirs.get(60, TimeUnit.SECONDS));
        } finally {
            pool.shutdownNow();
        }
        long layer = fixture.engine.branchCatalog().branch(branch).orElseThrow().topLayer();
        assertEquals(1, fixture.engine.branchCatalog().tables(layer).size());
    }

    private static long count(String relation) throws SQLException {
        try (Connection c = fixture.connect()) {
            return Long.parseLong(Outcomes.inTransaction(c, List.of("SELECT count(*) FROM " + relation))
                    .rows().get(0).get(0));
        }
    }

    private static long value(String from) throws SQLException {
        try (Connection c = fixture.connect()) {
            return Long.parseLong(Outcomes.inTransaction(c, List.of("SELECT n FROM " + from + " WHERE id = 1"))
                    .rows().get(0).get(0));
        }
    }
}
