package dev.rift.router.differential;

import dev.rift.router.ProxyConfig;
import dev.rift.router.RiftServer;
import dev.rift.storage.UpstreamUrl;
import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * PostgreSQL is the oracle: every scenario runs statement by statement on a fresh branch (through
 * rift) and on a fresh full copy of the same database (directly), in the simple and in the
 * extended protocol, and each statement must give the same SQLSTATE, update counts, columns and
 * rows (in order where the statement orders them). Afterwards the upstream's tables are unchanged.
 */
@ExtendWith(UpstreamExtension.class)
class OverlayDifferentialTest {
    /** The scenario files; known_gaps.sql is deliberately not here (see that file). */
    static final List<String> FILES = List.of("reads.sql", "writes.sql", "constraints.sql",
            "transactions.sql", "sequences.sql", "nopk.sql", "conflicts.sql", "locking.sql", "more_reads.sql",
            "more_writes.sql", "errors.sql");

    private static TestUpstream pg;
    private static String upstreamDb;
    private static String pristine;
    private static RiftServer rift;
    private static OracleCopies copies;
    private static Map<String, String> checksumBefore;
    private static final AtomicInteger counter = new AtomicInteger();

    enum Protocol { SIMPLE, EXTENDED }

    @BeforeAll
    static void start(TestUpstream upstream) throws Exception {
        pg = upstream;
        upstreamDb = FixtureDatabase.create(pg);
        // The oracle's copies are made from a pristine copy nobody connects to (a template must have no sessions).
        pristine = pg.copyDatabase(upstreamDb);
        try (Connection c = pg.connect(upstreamDb)) {
            checksumBefore = UpstreamChecksum.of(c);
        }
        rift = RiftServer.start(ProxyConfig.of("127.0.0.1", 0, UpstreamUrl.parse(pg.url(upstreamDb))));
        rift.engine().install();
        copies = new OracleCopies(pg, pristine, 3);
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (copies != null) {
                copies.close();
            }
            if (rift != null) {
                rift.close();
            }
            try (Connection c = pg.connect(upstreamDb)) {
                assertEquals(checksumBefore, UpstreamChecksum.of(c), "the upstream's tables changed");
            }
        } finally {
            pg.dropDatabase(pristine);
            pg.dropDatabase(upstreamDb);
        }
    }

    @TestFactory
    Stream<DynamicTest> everyScenarioBehavesOnABranchAsOnAFullCopy() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        for (String file : FILES) {
            for (Scenario s : Scenario.load("/differential/" + file)) {
                for (Protocol p : Protocol.values()) {
                    tests.add(DynamicTest.dynamicTest(s + " [" + p + "]", () -> run(s, p)));
                }
            }
        }
        return tests.stream();
    }

    private static void run(Scenario scenario, Protocol protocol) throws Exception {
        String branch = "d" + counter.incrementAndGet();
        rift.engine().createBranch(branch, null);
        String copy = copies.take();
        try (Connection onBranch = connect("127.0.0.1", rift.port(), branch, protocol, pg.user(), pg.password());
             Connection onCopy = connect(pg.host(), pg.port(), copy, protocol, pg.user(), pg.password())) {
            compare(scenario, protocol, onBranch, onCopy);
        } finally {
            copies.discard(copy);
            rift.engine().deleteBranch(branch, true);
        }
    }

    /** Runs the scenario statement by statement on both connections; each outcome must be the copy's. */
    static void compare(Scenario scenario, Protocol protocol, Connection onBranch, Connection onCopy) throws Exception {
        try (Statement b = onBranch.createStatement(); Statement c = onCopy.createStatement()) {
            int i = 0;
            for (String sql : scenario.statements()) {
                i++;
                Outcome expected = Outcome.of(c, sql);
                Outcome actual = Outcome.of(b, sql);
                if (!Scenario.isOrdered(sql)) {
                    expected = expected.unordered();
                    actual = actual.unordered();
                }
                assertEquals(expected, actual, "statement " + i + " of " + scenario + " [" + protocol + "]: " + sql);
            }
        }
    }

    static Connection connect(String host, int port, String db, Protocol protocol, String user, String password)
            throws Exception {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        p.setProperty("preferQueryMode", protocol == Protocol.SIMPLE ? "simple" : "extended");
        p.setProperty("prepareThreshold", "1");
        p.setProperty("socketTimeout", "60");
        return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/" + db, p);
    }
}
