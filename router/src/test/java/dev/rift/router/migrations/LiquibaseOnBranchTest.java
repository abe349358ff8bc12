package dev.rift.router.migrations;

import liquibase.command.CommandScope;
import liquibase.command.core.StatusCommandStep;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.helpers.DatabaseChangelogCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Liquibase updates a branch as it updates a full copy: the same change sets run, and status finds nothing pending. */
class LiquibaseOnBranchTest extends MigrationAcceptance {
    private static final String CHANGELOG = "migrations/liquibase/changelog.xml";

    @Override
    void migrate(String jdbcUrl) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl, targets.credentials())) {
            new CommandScope(UpdateCommandStep.COMMAND_NAME)
                    .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database(c))
                    .addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, CHANGELOG)
                    .execute();
        }
    }

    @Override
    Set<String> bookkeepingTables() {
        return Set.of("public.databasechangelog", "public.databasechangeloglock");
    }

    @Test
    void statusFindsNothingPendingOnTheBranchAsOnTheCopy() throws Exception {
        String copy = status(targets.copyUrl());
        assertTrue(copy.contains("is up to date"), () -> "the copy is up to date: " + copy);
        requireBranchMigrated();
        assertEquals(copy, status(targets.branchUrl()));
    }

    @Test
    void theChangeLogTableRecordsTheSameChangeSetsOnBranchAndCopy() throws Exception {
        requireBranchMigrated();
        String sql = "SELECT id, author, filename, orderexecuted, exectype, md5sum, description, comments, tag, contexts,"
                + " labels, liquibase FROM databasechangelog ORDER BY orderexecuted";
        try (Connection copy = targets.copy(); Connection branch = targets.branch()) {
            List<List<String>> ran = FlywayOnBranchTest.rows(copy, sql);
            assertEquals(10, ran.size(), "every change set ran on the copy");
            assertTrue(ran.stream().allMatch(r -> r.get(4).equals("EXECUTED")), () -> "none was skipped: " + ran);
            assertEquals(FlywayOnBranchTest.rows(copy, sql), FlywayOnBranchTest.rows(branch, sql));
            String lock = "SELECT id, locked, lockedby FROM databasechangeloglock";
            assertEquals(FlywayOnBranchTest.rows(copy, lock), FlywayOnBranchTest.rows(branch, lock), "the lock is released");
        }
    }

    /** Liquibase's status report, with the database's URL (the one thing that legitimately differs) taken out. */
    private String status(String jdbcUrl) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Connection c = DriverManager.getConnection(jdbcUrl, targets.credentials())) {
            new CommandScope(StatusCommandStep.COMMAND_NAME)
                    .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database(c))
                    .addArgumentValue(DatabaseChangelogCommandStep.CHANGELOG_FILE_ARG, CHANGELOG)
                    .addArgumentValue(StatusCommandStep.VERBOSE_ARG, true)
                    .setOutput(out)
                    .execute();
        }
        return out.toString(StandardCharsets.UTF_8).replace(jdbcUrl, "<url>");
    }

    private static Database database(Connection c) throws Exception {
        return DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(c));
    }
}
