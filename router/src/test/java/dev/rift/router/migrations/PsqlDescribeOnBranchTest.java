package dev.rift.router.migrations;

import dev.rift.storage.cluster.ExternalCommand;
import dev.rift.storage.cluster.PgBinaries;
import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * psql's describe commands print the same on a migrated branch (through rift) as on a migrated full copy: psql
 * itself runs, so its own catalog queries (captured with {@code psql -E} in cow-engine's test resources,
 * dev/rift/cow/catalog/psql/) are what the branch must answer. Only the database's name is normalised; it is the
 * one thing that legitimately differs.
 */
@ExtendWith(UpstreamExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PsqlDescribeOnBranchTest {
    private static final Logger log = LoggerFactory.getLogger(PsqlDescribeOnBranchTest.class);
    private MigrationTargets targets;

    @BeforeAll
    void migrateTheCopyAndTheBranch(TestUpstream pg) throws Exception {
        targets = MigrationTargets.start(pg);
        targets.copyLog().mark();
        // Each side is migrated; a failure on the branch shows in every comparison below.
        for (String url : new String[] {targets.copyUrl(), targets.branchUrl()}) {
            try {
                Flyway.configure().dataSource(url, pg.user(), pg.password()).locations("classpath:migrations/flyway")
                        .baselineOnMigrate(true).baselineVersion("0").cleanDisabled(true).load().migrate();
            } catch (RuntimeException e) {
                if (url.equals(targets.copyUrl())) {
                    throw e;
                }
                log.warn("the migration failed on the branch: {}", e.toString());
            }
        }
    }

    @AfterAll
    void close() {
        if (targets != null) {
            targets.copyLog().record(getClass().getSimpleName());
            targets.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"\\dt", "\\d orders", "\\d customers", "\\d+ customers", "\\d shipments",
        "\\d product_suppliers", "\\d suppliers", "\\di", "\\dv", "\\d supplier_catalog", "\\ds", "\\dT",
        "\\dT+ shipment_state", "\\d app_settings", "\\dt+ suppliers"})
    void psqlDescribesTheMigratedBranchAsTheMigratedCopy(String command) {
        Printed copy = psql(targets.copyLibpqUrl(), targets.copyDatabase(), command);
        assertEquals(0, copy.exitCode, () -> "psql runs on the copy: " + copy);
        assertEquals(copy, psql(targets.branchLibpqUrl(), targets.branchDatabase(), command));
    }

    @Test
    void psqlFindsNoTableTheMigrationDropped() {
        Printed copy = psql(targets.copyLibpqUrl(), targets.copyDatabase(), "\\d events");
        assertEquals(new Printed(1, "", "Did not find any relation named \"events\".\n"), copy);
        assertEquals(copy, psql(targets.branchLibpqUrl(), targets.branchDatabase(), "\\d events"));
    }

    /** What psql printed, with the database's name replaced. */
    record Printed(int exitCode, String stdout, String stderr) {}

    private static Printed psql(String url, String database, String command) {
        ExternalCommand.Result r = ExternalCommand.of(PgBinaries.locate().psql().toString(), "-X", "-c", command, url)
                .env("PGCLIENTENCODING", "UTF8")
                .env("PAGER", "")
                .timeout(Duration.ofSeconds(60))
                .runAllowingFailure();
        return new Printed(r.exitCode(), r.stdout().replace(database, "<db>"), r.stderr().replace(database, "<db>"));
    }
}
