package dev.rift.router.frameworks;

import dev.rift.router.ProxyConfig;
import dev.rift.router.RiftServer;
import dev.rift.router.differential.BranchSide;
import dev.rift.storage.UpstreamUrl;
import dev.rift.storage.cluster.ExternalCommand;
import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import dev.rift.testsupport.SchemaListing;
import dev.rift.testsupport.UserRows;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Three frameworks of other ecosystems (Django, ActiveRecord, knex), as their users run them: each app's baseline
 * migrations run on main (the upstream, directly); then its {@code work} scenario (a new migration, CRUD, the
 * framework's own introspection) runs once on a rift branch (through rift's port) and once on a full copy of the
 * migrated upstream. What the app prints must be the same, apart from the database's name. One upstream and one rift server serve all three
 * apps; each app has its own branch and its own copy.
 */
@ExtendWith(UpstreamExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FrameworksOnBranchTest {
    private static final Logger log = LoggerFactory.getLogger(FrameworksOnBranchTest.class);

    private TestUpstream pg;
    private String upstreamDb;
    private RiftServer rift;
    private final Map<FrameworkApp, String> missingRuntimes = new EnumMap<>(FrameworkApp.class);
    private final Map<FrameworkApp, String> copies = new EnumMap<>(FrameworkApp.class);
    /** With {@link BranchSide#isCopy()}: the further full copy that stands in for each app's branch. */
    private final Map<FrameworkApp, String> branchCopies = new EnumMap<>(FrameworkApp.class);
    private Map<String, String> upstreamRowsBefore;
    private SchemaListing upstreamCatalogBefore;

    @BeforeAll
    void migrateMainThenBranchAndCopy(TestUpstream pg) throws Exception {
        this.pg = pg;
        upstreamDb = pg.createDatabase();
        for (FrameworkApp app : FrameworkApp.values()) {
            Optional<String> missing = app.missingRuntime();
            if (missing.isPresent()) {
                log.warn("skipping {}: {}", app, missing.get());
                missingRuntimes.put(app, missing.get());
                continue;
            }
            ExternalCommand.Result baseline = app.run("baseline", direct(upstreamDb));
            log.info("{} baseline on main took {} ms", app, baseline.elapsed().toMillis());
            assertEquals(0, baseline.exitCode(), () -> app + "'s baseline failed on main: " + baseline);
        }
        // The copies are taken before rift is installed: a copy is what a user would make of main by hand.
        for (FrameworkApp app : FrameworkApp.values()) {
            if (!missingRuntimes.containsKey(app)) {
                copies.put(app, pg.copyDatabase(upstreamDb));
                if (BranchSide.isCopy()) {
                    branchCopies.put(app, pg.copyDatabase(upstreamDb));
                }
            }
        }
        try (Connection upstream = pg.connect(upstreamDb)) {
            upstreamRowsBefore = UserRows.of(upstream);
            upstreamCatalogBefore = SchemaListing.of(upstream);
        }
        rift = RiftServer.start(ProxyConfig.of("127.0.0.1", 0, UpstreamUrl.parse(pg.url(upstreamDb))));
        rift.engine().install();
        for (FrameworkApp app : copies.keySet()) {
            if (!BranchSide.isCopy()) {
                rift.engine().createBranch(branchName(app), null);
            }
        }
    }

    @AfterAll
    void close() {
        try {
            if (rift != null) {
                rift.close();
            }
        } finally {
            copies.values().forEach(pg::dropDatabase);
            branchCopies.values().forEach(pg::dropDatabase);
            if (upstreamDb != null) {
                pg.dropDatabase(upstreamDb);
            }
        }
    }

    @Order(1)
    @ParameterizedTest(name = "{0}")
    @EnumSource(FrameworkApp.class)
    void theAppPrintsTheSameOnABranchAsOnACopy(FrameworkApp app) {
        assumeTrue(!missingRuntimes.containsKey(app), () -> missingRuntimes.get(app));
        String copyDb = copies.get(app);
        ExternalCommand.Result onCopy = app.run("work", direct(copyDb));
        log.info("{} work on the copy took {} ms", app, onCopy.elapsed().toMillis());
        assertEquals(0, onCopy.exitCode(), () -> app + " failed on the full copy: " + onCopy);

        ExternalCommand.Result onBranch;
        String branchDb;
        String expected = named(onCopy.stdout(), copyDb);
        if (BranchSide.isCopy()) {
            branchDb = branchCopies.get(app);
            onBranch = app.run("work", direct(branchDb));
        } else {
            branchDb = branchName(app);
            onBranch = app.run("work", connection("127.0.0.1", rift.port(), branchDb));
        }
        log.info("{} work on the branch took {} ms", app, onBranch.elapsed().toMillis());
        assertEquals(expected, named(onBranch.stdout(), branchDb),
                () -> app + " printed otherwise on the branch than on the copy; its stderr there: " + onBranch.stderr());
        assertEquals(0, onBranch.exitCode(), () -> app + " failed on the branch: " + onBranch);
    }

    @Order(2)
    @Test
    void mainKeepsItsRowsAndItsCatalog() throws Exception {
        try (Connection upstream = pg.connect(upstreamDb)) {
            assertEquals(upstreamRowsBefore, UserRows.of(upstream), "the upstream's rows changed");
            assertEquals(upstreamCatalogBefore, SchemaListing.of(upstream), "the upstream's catalog changed");
        }
    }

    /** The output with the database's own name as {@code <db>} and the upstream's name (a leak) as {@code <main>}. */
    private String named(String output, String database) {
        return output.replace(database, "<db>").replace(upstreamDb, "<main>");
    }

    private Map<String, String> direct(String database) {
        return connection(pg.host(), pg.port(), database);
    }

    private Map<String, String> connection(String host, int port, String database) {
        return Map.of("PGHOST", host, "PGPORT", Integer.toString(port), "PGUSER", pg.user(),
                "PGPASSWORD", pg.password(), "PGDATABASE", database);
    }

    private static String branchName(FrameworkApp app) {
        return "fwbranch_" + app.name().toLowerCase();
    }
}
