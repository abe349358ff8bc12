package dev.rift.router.control;

import dev.rift.storage.cluster.ExternalCommand;
import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CI workflow with nothing but psql and a connection string (simple protocol). */
@ExtendWith(UpstreamExtension.class)
class PsqlOnRiftDatabaseTest {
    private static ControlFixture f;

    @BeforeAll
    static void start(TestUpstream pg) throws Exception {
        f = ControlFixture.start(pg, "CREATE TABLE t (id int PRIMARY KEY, name text)",
                "INSERT INTO t VALUES (1, 'one'), (2, 'two')");
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    @Test
    void psqlCreatesABranchDiffsItResetsItAndDeletesIt() throws Exception {
        ExternalCommand.Result created = f.psql("SELECT rift.create_branch('pr-42', 'main')");
        assertEquals(0, created.exitCode(), created.stderr());
        assertEquals("pr-42", created.stdout().strip());
        try (Connection b = f.branch("pr-42"); Statement st = b.createStatement()) {
            st.executeUpdate("UPDATE t SET name = 'uno' WHERE id = 1");
        }
        ExternalCommand.Result diff = f.psql("SELECT * FROM rift.diff('pr-42')");
        assertEquals(0, diff.exitCode(), diff.stderr());
        List<String> lines = diff.stdout().strip().lines().toList();
        assertEquals(1, lines.size(), diff.stdout());
        String[] cells = lines.get(0).split("\\|", -1);
        assertEquals(List.of("public", "t", "update"), List.of(cells[0], cells[1], cells[2]));
        assertEquals(java.util.Map.of("id", "1"), f.json(cells[3]));
        assertEquals("uno", f.json(cells[5]).get("name"));

        ExternalCommand.Result stat = f.psql("SELECT * FROM rift.diff_stat('pr-42')");
        assertEquals("public|t|shadowed|0|0|1", stat.stdout().strip());

        ExternalCommand.Result resetAndDiff = f.psql("SELECT rift.reset_branch('pr-42'); SELECT * FROM rift.diff_stat('pr-42')");
        assertEquals(0, resetAndDiff.exitCode(), resetAndDiff.stderr());
        assertEquals("pr-42", resetAndDiff.stdout().strip(), "after the reset nothing differs");

        ExternalCommand.Result deleted = f.psql("SELECT rift.delete_branch('pr-42')");
        assertEquals("pr-42", deleted.stdout().strip());
        assertTrue(f.rift.engine().branchCatalog().branch("pr-42").isEmpty());
    }

    @Test
    void psqlReportsTheSqlstateAndFailsOnAnError() {
        ExternalCommand.Result unknown = f.psql("SELECT * FROM rift.diff('nowhere')");
        assertEquals(1, unknown.exitCode());
        assertTrue(unknown.stderr().contains("ERROR:  3D000: branch \"nowhere\" does not exist"), unknown.stderr());

        ExternalCommand.Result notACall = f.psql("SELECT * FROM pg_class");
        assertEquals(1, notACall.exitCode());
        assertTrue(notACall.stderr().contains("ERROR:  0A000:"), notACall.stderr());
    }

    @Test
    void psqlRunsSeveralCommandsAndSelectsSomeColumnsOfAFunction() {
        ExternalCommand.Result r = f.psql("SET application_name = 'ci'",
                "SELECT rift.create_branch('listed-by-psql')", "SELECT parent, name AS branch FROM rift.branches()");
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals(List.of("listed-by-psql", "main|listed-by-psql"), r.stdout().strip().lines().toList());
        ExternalCommand.Result listed = f.psql("SELECT * FROM rift.branches()");
        assertEquals(0, listed.exitCode(), listed.stderr());
        assertTrue(listed.stdout().lines().anyMatch(l -> l.startsWith("listed-by-psql|main|overlay|")), listed.stdout());
    }
}
