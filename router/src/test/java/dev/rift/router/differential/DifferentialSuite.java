package dev.rift.router.differential;

import dev.rift.router.ProxyConfig;
import dev.rift.router.RiftServer;
import dev.rift.storage.UpstreamUrl;
import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import dev.rift.testsupport.Outcome;
import dev.rift.testsupport.SchemaListing;
import dev.rift.testsupport.UpstreamData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * PostgreSQL is the oracle: every scenario of {@link #files()} runs statement by statement on a fresh branch
 * (through rift) and on a fresh full copy of the same database (directly), in the simple and in the extended
 * protocol, and each statement must give the same SQLSTATE, update counts, columns and rows (in order where the
 * statement orders them). Afterwards the upstream's tables, and its own catalog, are unchanged.
 *
 * <p>With the system property {@value BranchSide#BRANCH_IS_COPY} set to {@code true} (off by default) the "branch"
 * side is a second full copy instead of a rift branch: every scenario must then pass, which shows that the
 * scenarios themselves are deterministic and that only rift can make them fail.
 */
@ExtendWith(UpstreamExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DifferentialSuite {
    private static final Logger log = LoggerFactory.getLogger(DifferentialSuite.class);

    private final boolean branchIsCopy = BranchSide.isCopy();
    private final AtomicInteger counter = new AtomicInteger();
    private TestUpstream pg;
    private String upstreamDb;
    private String pristine;
    private RiftServer rift;
    private OracleCopies copies;
    private Map<String, String> checksumBefore;
    private SchemaListing catalogBefore;

    enum Protocol { SIMPLE, EXTENDED }

    /** The scenario files under {@code differential/}. */
    abstract List<String> files();

    /** The scenarios to run: those of {@link #files()}. */
    List<Scenario> scenarios() throws Exception {
        List<Scenario> all = new ArrayList<>();
        for (String file : files()) {
            all.addAll(Scenario.load(file.startsWith("/") ? file : "/differential/" + file));
        }
        return all;
    }

    /** The SQL script that makes the upstream, a test resource. */
    String fixture() {
        return "/differential/fixture.sql";
    }

    /** Statements run on the upstream after the fixture, before anything is copied or branched. */
    String[] upstreamExtras() {
        return new String[0];
    }

    @BeforeAll
    void start(TestUpstream upstream) throws Exception {
        pg = upstream;
        upstreamDb = FixtureDatabase.createFrom(pg, fixture(), upstreamExtras());
        // The oracle's copies are made from a pristine copy nobody connects to (a template must have no sessions).
        pristine = pg.copyDatabase(upstreamDb);
        try (Connection c = pg.connect(upstreamDb)) {
            checksumBefore = UpstreamData.of(c);
            catalogBefore = SchemaListing.of(c);
        }
        rift = RiftServer.start(ProxyConfig.of("127.0.0.1", 0, UpstreamUrl.parse(pg.url(upstreamDb))));
        rift.engine().install();
        copies = new OracleCopies(pg, pristine, branchIsCopy ? 4 : 3);
        if (branchIsCopy) {
            log.warn("{} is set: the 'branch' side of {} is a second full copy, not a rift branch", BranchSide.BRANCH_IS_COPY,
                    getClass().getSimpleName());
        }
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (copies != null) {
                copies.close();
            }
            if (rift != null) {
                rift.close();
            }
            try (Connection c = pg.connect(upstreamDb)) {
                assertEquals(checksumBefore, UpstreamData.of(c), "the upstream's user data changed");
                assertEquals(catalogBefore, SchemaListing.of(c), "the upstream's own catalog changed");
            }
        } finally {
            pg.dropDatabase(pristine);
            pg.dropDatabase(upstreamDb);
        }
    }

    @TestFactory
    Stream<DynamicTest> everyScenarioBehavesOnABranchAsOnAFullCopy() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        for (Scenario s : scenarios()) {
            for (Protocol p : Protocol.values()) {
                tests.add(DynamicTest.dynamicTest(s + " [" + p + "]", () -> run(s, p)));
            }
        }
        return tests.stream();
    }

    private void run(Scenario scenario, Protocol protocol) throws Exception {
        onBranchAndCopy(protocol, (onBranch, onCopy, branchName, copyName) ->
                compare(scenario, protocol, onBranch, onCopy, branchName, copyName));
    }

    /** What a test does with a connection to a fresh branch and one to a fresh full copy, and their databases' names. */
    interface BranchAndCopy {
        void accept(Connection onBranch, Connection onCopy, String branchName, String copyName) throws Exception;
    }

    /** Runs {@code body} on a new branch and a new full copy, both gone afterwards. */
    void onBranchAndCopy(Protocol protocol, BranchAndCopy body) throws Exception {
        String branch = "d" + counter.incrementAndGet();
        String secondCopy = null;
        if (branchIsCopy) {
            secondCopy = copies.take();
        } else {
            rift.engine().createBranch(branch, null);
        }
        String copy = copies.take();
        try (Connection onBranch = branchIsCopy ? connect(pg.host(), pg.port(), secondCopy, protocol, true)
                : connect("127.0.0.1", rift.port(), branch, protocol, true);
             Connection onCopy = connect(pg.host(), pg.port(), copy, protocol, false)) {
            body.accept(onBranch, onCopy, branchIsCopy ? secondCopy : branch, copy);
        } finally {
            copies.discard(copy);
            if (branchIsCopy) {
                copies.discard(secondCopy);
            } else {
                rift.engine().deleteBranch(branch, true);
            }
        }
    }

    /**
     * Runs {@code scenario} on a fresh branch and a fresh copy (compared statement by statement, simple protocol), then
     * gives both to {@code check}; both are dropped afterwards.
     */
    void afterScenario(Scenario scenario, Check check) throws Exception {
        String branch = "d" + counter.incrementAndGet();
        rift.engine().createBranch(branch, null);
        String copy = copies.take();
        try {
            try (Connection onBranch = connect("127.0.0.1", rift.port(), branch, Protocol.SIMPLE, true);
                 Connection onCopy = connect(pg.host(), pg.port(), copy, Protocol.SIMPLE, false)) {
                compare(scenario, Protocol.SIMPLE, onBranch, onCopy);
            }
            check.check(new PgDump.Target("127.0.0.1", rift.port(), branch, pg.user(), pg.password()),
                    new PgDump.Target(pg.host(), pg.port(), copy, pg.user(), pg.password()));
        } finally {
            copies.discard(copy);
            rift.engine().deleteBranch(branch, true);
        }
    }

    TestUpstream upstream() {
        return pg;
    }

    /** What {@link #afterScenario} checks of a branch and a copy. */
    interface Check {
        void check(PgDump.Target branch, PgDump.Target copy) throws Exception;
    }

    /** Runs the scenario statement by statement on both connections; each outcome must be the copy's. */
    static void compare(Scenario scenario, Protocol protocol, Connection onBranch, Connection onCopy) throws Exception {
        compare(scenario, protocol, onBranch, onCopy, null, null);
    }

    /**
     * As {@link #compare(Scenario, Protocol, Connection, Connection)}, where each side names its own database (the
     * branch and the copy have different names): a value that is exactly a side's own name reads as
     * {@value #OWN_DATABASE} on that side, so a branch must answer with its own name wherever the copy does.
     */
    static void compare(Scenario scenario, Protocol protocol, Connection onBranch, Connection onCopy, String branchName,
                        String copyName) throws Exception {
        try (Statement b = onBranch.createStatement(); Statement c = onCopy.createStatement()) {
            int i = 0;
            for (String sql : scenario.statements()) {
                i++;
                Outcome expected = ownNameShown(Outcome.of(c, sql), copyName);
                Outcome actual = ownNameShown(Outcome.of(b, sql), branchName);
                if (!Scenario.isOrdered(sql)) {
                    expected = expected.unordered();
                    actual = actual.unordered();
                }
                String where = "statement " + i + " of " + scenario + " [" + protocol + "]: " + sql;
                assertEquals(expected, actual, where);
                assertEquals(List.of(), LeakTap.drain(onBranch), "rift's internal names reached the client: " + where);
            }
        }
    }

    static final String OWN_DATABASE = "<own database>";

    private static Outcome ownNameShown(Outcome o, String name) {
        if (name == null || o.results().isEmpty()) {
            return o;
        }
        List<Outcome.Result> results = o.results().stream().map(r -> new Outcome.Result(r.updateCount(), r.columns(),
                r.rows().stream().map(row -> row.stream().map(v -> name.equals(v) ? OWN_DATABASE : v).toList())
                        .toList())).toList();
        return new Outcome(o.sqlState(), o.error(), results, o.notices());
    }

    private Connection connect(String host, int port, String db, Protocol protocol, boolean branchSide)
            throws Exception {
        String[] client = client();
        String user = client.length == 0 ? pg.user() : client[0];
        String password = client.length == 0 ? pg.password() : client[1];
        return branchSide ? branch(host, port, db, protocol, user, password)
                : connect(host, port, db, protocol, user, password);
    }

    /** The role (name, password) both sides connect as; empty for the test cluster's superuser. */
    String[] client() {
        return new String[0];
    }

    static Connection connect(String host, int port, String db, Protocol protocol, String user, String password)
            throws Exception {
        return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/" + db,
                properties(protocol, user, password));
    }

    /** A connection to a branch (the "branch" side): everything it receives is scanned by a {@link LeakTap}. */
    static Connection branch(String host, int port, String db, Protocol protocol, String user, String password)
            throws Exception {
        return LeakTap.connect(host, port, db, properties(protocol, user, password));
    }

    private static Properties properties(Protocol protocol, String user, String password) {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        p.setProperty("preferQueryMode", protocol == Protocol.SIMPLE ? "simple" : "extended");
        p.setProperty("prepareThreshold", "1");
        p.setProperty("socketTimeout", "60");
        return p;
    }
}
