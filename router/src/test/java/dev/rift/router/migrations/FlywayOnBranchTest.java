package dev.rift.router.migrations;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.api.output.ValidateResult;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Flyway migrates a branch as it migrates a full copy: the same migrations applied, info and validate agree. */
class FlywayOnBranchTest extends MigrationAcceptance {
    private final Map<String, MigrateResult> migrated = new HashMap<>();

    @Override
    void migrate(String jdbcUrl) {
        migrated.put(jdbcUrl, flyway(jdbcUrl).migrate());
    }

    @Override
    Set<String> bookkeepingTables() {
        return Set.of("public.flyway_schema_history");
    }

    private Flyway flyway(String jdbcUrl) {
        return Flyway.configure()
                .dataSource(jdbcUrl, targets.pg.user(), targets.pg.password())
                .locations("classpath:migrations/flyway")
                // The upstream already holds the shop: version 0 stands for it, as when adopting Flyway on a live database.
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .baselineDescription("upstream shop")
                .cleanDisabled(true)
                .load();
    }

    @Test
    void migrateAppliesTheSameMigrationsOnTheBranchAsOnTheCopy() {
        requireBranchMigrated();
        MigrateResult copy = migrated.get(targets.copyUrl());
        MigrateResult branch = migrated.get(targets.branchUrl());
        assertEquals(10, copy.migrationsExecuted, "the copy applies every migration of the set");
        assertEquals(describe(copy), describe(branch));
    }

    @Test
    void infoShowsTheSameVersionsDescriptionsStatesAndChecksums() {
        List<String> copy = info(targets.copyUrl());
        requireBranchMigrated();
        assertEquals(11, copy.size(), "the baseline and ten migrations");
        assertEquals(10, copy.stream().filter(m -> m.contains("|Success|")).count(), () -> "all ten succeeded: " + copy);
        assertEquals(copy, info(targets.branchUrl()));
        assertEquals(0, flyway(targets.branchUrl()).info().pending().length, "nothing pending on the branch");
    }

    @Test
    void validateAgreesBetweenBranchAndCopy() {
        ValidateResult copy = flyway(targets.copyUrl()).validateWithResult();
        requireBranchMigrated();
        ValidateResult branch = flyway(targets.branchUrl()).validateWithResult();
        assertTrue(copy.validationSuccessful, "validate passes on the copy");
        assertEquals(copy.validationSuccessful, branch.validationSuccessful);
        assertEquals(copy.invalidMigrations.size(), branch.invalidMigrations.size());
        assertEquals(copy.getAllErrorMessages(), branch.getAllErrorMessages());
    }

    @Test
    void theHistoryTableHoldsTheSameEntriesOnBranchAndCopy() throws Exception {
        requireBranchMigrated();
        String sql = "SELECT installed_rank, version, description, type, script, checksum, installed_by, success"
                + " FROM flyway_schema_history ORDER BY installed_rank";
        try (Connection copy = targets.copy(); Connection branch = targets.branch()) {
            assertEquals(rows(copy, sql), rows(branch, sql));
        }
    }

    private static String describe(MigrateResult r) {
        StringBuilder b = new StringBuilder(r.success + " " + r.migrationsExecuted + " " + r.initialSchemaVersion + " -> "
                + r.targetSchemaVersion);
        r.migrations.forEach(m -> b.append('\n').append(m.version).append(' ').append(m.description).append(' ')
                .append(m.type).append(' ').append(m.filepath.replaceAll(".*/", "")));
        return b.toString();
    }

    /** Everything info prints that does not depend on when or how fast a migration ran. */
    private List<String> info(String jdbcUrl) {
        return Arrays.stream(flyway(jdbcUrl).info().all()).map(FlywayOnBranchTest::describe).toList();
    }

    private static String describe(MigrationInfo m) {
        return m.getVersion() + "|" + m.getDescription() + "|" + m.getType() + "|" + m.getScript() + "|"
                + m.getState().getDisplayName() + "|" + m.getChecksum() + "|" + m.getInstalledRank() + "|"
                + m.getInstalledBy();
    }

    static List<List<String>> rows(Connection c, String sql) throws SQLException {
        List<List<String>> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getString(i));
                }
                out.add(row);
            }
        }
        return out;
    }
}
