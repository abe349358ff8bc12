package dev.rift.router.migrations;

import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import dev.rift.testsupport.SchemaListing;
import dev.rift.testsupport.UpstreamData;
import dev.rift.testsupport.UserRows;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * What every migration tool must find on a branch: the migration runs on a branch (through rift) and on a full copy,
 * and afterwards both hold the same rows and show the same schema, while the upstream and a branch made before the
 * migration are as they were. Subclasses run one tool ({@link #migrate}) and add what that tool reports.
 */
@ExtendWith(UpstreamExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class MigrationAcceptance {
    private static final Logger log = LoggerFactory.getLogger(MigrationAcceptance.class);

    MigrationTargets targets;
    private Exception branchFailure;

    /** Runs the tool's migration against {@code jdbcUrl}; called for the copy first, then for the branch. */
    abstract void migrate(String jdbcUrl) throws Exception;

    /** The tool's own bookkeeping tables ({@code public.name}): they hold timestamps, compared by the subclass. */
    abstract Set<String> bookkeepingTables();

    @BeforeAll
    void migrateTheCopyAndTheBranch(TestUpstream pg) throws Exception {
        targets = MigrationTargets.start(pg);
        targets.copyLog().mark();
        migrate(targets.copyUrl());
        try {
            migrate(targets.branchUrl());
        } catch (Exception e) {
            log.warn("the migration failed on the branch: {}", e.toString());
            branchFailure = e;
        }
    }

    @AfterAll
    void close() {
        if (targets != null) {
            // Everything the tool and the tests asked the copy's catalog, for the engine's reference.
            targets.copyLog().record(getClass().getSimpleName());
            targets.close();
        }
    }

    /** Fails the calling test when the migration itself failed on the branch, with that failure as the cause. */
    void requireBranchMigrated() {
        if (branchFailure != null) {
            fail("the migration failed on the branch (it succeeded on the full copy): " + branchFailure, branchFailure);
        }
    }

    @Test
    void theMigrationSucceedsOnTheBranchAsOnTheCopy() {
        requireBranchMigrated();
    }

    @Test
    void theMigratedTablesHoldTheSameRowsOnTheBranchAsOnTheCopy() throws Exception {
        requireBranchMigrated();
        try (Connection copy = targets.copy(); Connection branch = targets.branch()) {
            assertEquals(UserRows.of(copy, bookkeepingTables()), UserRows.of(branch, bookkeepingTables()));
        }
    }

    @Test
    void theBranchShowsTheMigratedSchemaAsTheCopyDoes() throws Exception {
        try (Connection copy = targets.copy(); Connection branch = targets.branch()) {
            SchemaListing expected = SchemaListing.of(copy);
            requireBranchMigrated();
            assertEquals(expected, SchemaListing.of(branch));
        }
    }

    @Test
    void theUpstreamKeepsItsRowsAndItsOwnCatalog() throws Exception {
        try (Connection upstream = targets.upstream()) {
            assertEquals(targets.upstreamRowsBefore(), UserRows.of(upstream), "the upstream's rows changed");
            assertEquals(targets.upstreamDataBefore(), UpstreamData.of(upstream), "the upstream's user data changed");
            assertEquals(targets.upstreamCatalogBefore(), SchemaListing.of(upstream), "the upstream's catalog changed");
        }
    }

    @Test
    void aBranchCreatedBeforeTheMigrationSeesNoneOfIt() throws Exception {
        try (Connection bystander = targets.bystander()) {
            assertEquals(targets.upstreamCatalogBefore(), SchemaListing.of(bystander), "the bystander's schema changed");
            assertEquals(targets.upstreamRowsBefore(), UserRows.of(bystander), "the bystander's rows changed");
        }
    }
}
