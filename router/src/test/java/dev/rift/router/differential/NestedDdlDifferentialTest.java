package dev.rift.router.differential;

import dev.rift.router.ProxyConfig;
import dev.rift.router.RiftServer;
import dev.rift.storage.UpstreamUrl;
import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import dev.rift.testsupport.SchemaListing;
import dev.rift.testsupport.UpstreamData;
import dev.rift.testsupport.UserRows;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Branches of a branch that ran DDL (docs/ddl.md, "Branches of branches"): {@code rift create staging}, a migration
 * on staging, {@code rift create pr --from staging}. The oracle is a chain of full copies made at the same moments:
 * the migration runs on a copy of the upstream, the child's copy is {@code CREATE DATABASE ... TEMPLATE} of that
 * copy when the child is made, the grandchild's a copy of the child's copy. Every statement of
 * {@code differential/nested_ddl.sql} must give the same rows, command tags and SQLSTATEs on the branch as on its
 * copy, in both protocols; afterwards each branch's whole schema and rows (sequence positions included) are its
 * copy's, and the upstream's tables and catalog are untouched.
 */
@ExtendWith(UpstreamExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NestedDdlDifferentialTest {
    private final boolean branchIsCopy = BranchSide.isCopy();
    private TestUpstream pg;
    private String upstreamDb;
    private String pristine;
    private RiftServer rift;
    private final List<String> copies = new ArrayList<>();
    private Map<String, String> checksumBefore;
    private SchemaListing catalogBefore;
    private Map<String, Scenario> phases;

    @BeforeAll
    void start(TestUpstream upstream) throws Exception {
        pg = upstream;
        upstreamDb = FixtureDatabase.create(pg, "CREATE SCHEMA \"Sales\"",
                "CREATE TYPE ticket_state AS ENUM ('open', 'closed')",
                "CREATE TABLE tickets (id integer PRIMARY KEY, state ticket_state NOT NULL DEFAULT 'open')",
                "INSERT INTO tickets VALUES (1, 'open'), (2, 'closed')");
        pristine = pg.copyDatabase(upstreamDb);
        try (Connection c = pg.connect(upstreamDb)) {
            checksumBefore = UpstreamData.of(c);
            catalogBefore = SchemaListing.of(c);
        }
        rift = RiftServer.start(ProxyConfig.of("127.0.0.1", 0, UpstreamUrl.parse(pg.url(upstreamDb))));
        rift.engine().install();
        phases = new java.util.LinkedHashMap<>();
        for (Scenario s : Scenario.load("/differential/nested_ddl.sql")) {
            phases.put(s.name(), s);
        }
    }

    @AfterAll
    void stop() throws Exception {
        try {
            rift.close();
            try (Connection c = pg.connect(upstreamDb)) {
                assertEquals(checksumBefore, UpstreamData.of(c), "the upstream's user data changed");
                assertEquals(catalogBefore, SchemaListing.of(c), "the upstream's own catalog changed");
            }
        } finally {
            copies.forEach(pg::dropDatabase);
            pg.dropDatabase(pristine);
            pg.dropDatabase(upstreamDb);
        }
    }

    @ParameterizedTest
    @EnumSource(DifferentialSuite.Protocol.class)
    void aBranchOfAMigratedBranchBehavesAsACopyOfTheMigratedCopy(DifferentialSuite.Protocol protocol)
            throws Exception {
        String suffix = protocol.name().toLowerCase();
        Pair parent = branch("staging-" + suffix, null, copy(pristine));
        run("parent: the migration", parent, protocol);

        Pair child = branch("pr-" + suffix, parent.branch(), copy(parent.copy()));
        run("child: reads the migrated schema, writes and migrates on its own", child, protocol);
        run("parent: writes after the child was made", parent, protocol);
        run("child: none of the parent's later writes", child, protocol);

        Pair grandchild = branch("gc-" + suffix, child.branch(), copy(child.copy()));
        run("grandchild: made from the migrated child", grandchild, protocol);

        assertSameDatabase(parent, "parent");
        assertSameDatabase(child, "child");
        assertSameDatabase(grandchild, "grandchild");
        if (!branchIsCopy) {
            rift.engine().deleteBranch(parent.branch(), true);
        }
    }

    /** A branch and the full copy it is compared with. */
    record Pair(String branch, String copy) {
    }

    private void run(String phase, Pair pair, DifferentialSuite.Protocol protocol) throws Exception {
        Scenario scenario = phases.get(phase);
        try (Connection onBranch = connectBranch(pair.branch(), protocol);
             Connection onCopy = DifferentialSuite.connect(pg.host(), pg.port(), pair.copy(), protocol, pg.user(),
                     pg.password())) {
            DifferentialSuite.compare(scenario, protocol, onBranch, onCopy);
        }
    }

    private void assertSameDatabase(Pair pair, String what) throws Exception {
        try (Connection c = pg.connect(pair.copy());
             Connection b = connectBranch(pair.branch(), DifferentialSuite.Protocol.EXTENDED)) {
            assertEquals(SchemaListing.of(c), SchemaListing.of(b), "the " + what + "'s schema");
            assertEquals(UserRows.of(c), UserRows.of(b), "the " + what + "'s rows and sequences");
        }
    }

    private String copy(String template) {
        String db = pg.copyDatabase(template);
        copies.add(db);
        return db;
    }

    /** A branch of {@code parent} (null: main); with {@link BranchSide#isCopy()} a further copy of its copy. */
    private Pair branch(String name, String parent, String itsCopy) {
        if (branchIsCopy) {
            return new Pair(copy(itsCopy), itsCopy);
        }
        rift.engine().createBranch(name, parent);
        return new Pair(name, itsCopy);
    }

    private Connection connectBranch(String branch, DifferentialSuite.Protocol protocol) throws Exception {
        return branchIsCopy
                ? DifferentialSuite.connect(pg.host(), pg.port(), branch, protocol, pg.user(), pg.password())
                : DifferentialSuite.branch("127.0.0.1", rift.port(), branch, protocol, pg.user(), pg.password());
    }
}
