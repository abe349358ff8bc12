package dev.rift.router.differential;

import dev.rift.router.AutoCreate;
import dev.rift.router.differential.DifferentialSuite.Protocol;
import dev.rift.router.snapshot.SnapshotFixture;
import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The differential suite of {@link OverlayDifferentialTest} against snapshot branches: every
 * scenario on a fresh snapshot branch (a clone of a main holding the fixture, its own postmaster,
 * reached through rift) and on a fresh full copy, once, the simple and extended protocols taking turns. known_gaps.sql is included:
 * its differences are the overlay's, and a snapshot branch, being PostgreSQL itself, has none.
 */
@ExtendWith(UpstreamExtension.class)
class SnapshotDifferentialTest {
    private static TestUpstream pg;
    private static String pristine;
    private static SnapshotFixture snapshots;
    private static OracleCopies copies;
    private static SnapshotBranchesAhead branches;

    @BeforeAll
    static void start(TestUpstream upstream) throws Exception {
        pg = upstream;
        pristine = FixtureDatabase.create(pg);
        String fixture;
        try (InputStream in = SnapshotDifferentialTest.class.getResourceAsStream("/differential/fixture.sql")) {
            fixture = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        snapshots = SnapshotFixture.createFast(fixture).serve(AutoCreate.OFF, Duration.ofMinutes(15));
        // A stopped main is cloned as it is, without a checkpoint or a base backup around the copy.
        snapshots.pool.stop("main");
        copies = new OracleCopies(pg, pristine, 3);
        branches = new SnapshotBranchesAhead(snapshots.pool, 2);
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (branches != null) {
                branches.close();
            }
            if (copies != null) {
                copies.close();
            }
            if (snapshots != null) {
                snapshots.close();
            }
        } finally {
            pg.dropDatabase(pristine);
        }
    }

    @TestFactory
    Stream<DynamicTest> everyScenarioBehavesOnASnapshotBranchAsOnAFullCopy() throws Exception {
        List<String> files = new ArrayList<>(OverlayDifferentialTest.FILES);
        files.add("known_gaps.sql");
        List<DynamicTest> tests = new ArrayList<>();
        for (String file : files) {
            for (Scenario s : Scenario.load("/differential/" + file)) {
                // Each scenario once, the protocols taking turns: a snapshot branch relays bytes without
                // looking at them, so the protocol cannot matter, and a branch costs a postmaster start.
                Protocol p = Protocol.values()[tests.size() % 2];
                tests.add(DynamicTest.dynamicTest(s + " [" + p + "]", () -> run(s, p)));
            }
        }
        return tests.stream();
    }

    private static void run(Scenario scenario, Protocol protocol) throws Exception {
        String branch = branches.take();
        String copy = copies.take();
        try (Connection onBranch = DifferentialSuite.branch("127.0.0.1", snapshots.server.port(), branch,
                protocol, SnapshotFixture.USER, SnapshotFixture.PASSWORD);
             Connection onCopy = DifferentialSuite.connect(pg.host(), pg.port(), copy, protocol, pg.user(),
                     pg.password())) {
            DifferentialSuite.compare(scenario, protocol, onBranch, onCopy, branch, copy);
        } finally {
            copies.discard(copy);
            branches.discard(branch);
        }
    }
}
