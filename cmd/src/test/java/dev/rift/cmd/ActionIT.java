package dev.rift.cmd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.rift.storage.cluster.FreePort;
import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The GitHub Action (action.yml at the repository's root) run outside GitHub by {@link CompositeAction}, against
 * rift.jar and a real {@code rift serve}: what a pull request's workflow does with it.
 */
@ExtendWith(UpstreamExtension.class)
class ActionIT {
    private static TestUpstream pg;
    private static String db;
    private static int port;
    private static int httpPort;
    private static Process serve;
    private static Path serveLog;
    private static CompositeAction action;

    @BeforeAll
    static void serve(TestUpstream upstream) throws Exception {
        pg = upstream;
        db = pg.createDatabase();
        try (Connection c = pg.connect(db); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE items (id int PRIMARY KEY, name text NOT NULL)");
            st.execute("INSERT INTO items VALUES (1, 'one'), (2, 'two')");
        }
        port = FreePort.find();
        httpPort = FreePort.find();
        serveLog = Files.createTempFile("rift-serve-", ".log");
        serve = RiftJar.serve(Map.of("RIFT_UPSTREAM", pg.url(db), "RIFT_LISTEN", "127.0.0.1:" + port,
                "RIFT_HTTP", "127.0.0.1:" + httpPort), port, serveLog);
        action = CompositeAction.load(RiftJar.root());
    }

    @AfterAll
    static void stop() throws Exception {
        serve.destroy(); // SIGTERM: drains
        assertTrue(serve.waitFor(30, TimeUnit.SECONDS), Files.readString(serveLog));
        assertEquals(0, serve.exitValue(), Files.readString(serveLog));
        Files.deleteIfExists(serveLog);
        pg.dropDatabase(db);
    }

    @Test
    void createOnAPullRequestGivesTheBranchPrNumberAndADatabaseUrlThatWorksThroughRiftServe() throws Exception {
        CompositeAction.Run create = run("create", null, "42");
        assertEquals(0, create.exitCode(), create.log());
        assertEquals("pr-42", create.outputs().get("branch"));
        String url = create.outputs().get("database-url");
        assertEquals("postgres://" + pg.user() + ":" + pg.password() + "@127.0.0.1:" + port + "/pr-42", url);
        assertTrue(create.log().contains("::add-mask::" + pg.password()), "the password is masked in the job's log");

        try (Connection c = connect(url); Statement st = c.createStatement()) {
            st.execute("INSERT INTO items VALUES (3, 'three')");
            assertEquals(3, count(st));
        }
        try (Connection c = pg.connect(db); Statement st = c.createStatement()) {
            assertEquals(2, count(st), "the upstream is untouched");
        }

        CompositeAction.Run again = run("create", null, "42");
        assertEquals(0, again.exitCode(), again.log());
        assertTrue(again.log().contains("::notice::rift: branch \"pr-42\" already exists"), again.log());
        try (Connection c = connect(again.outputs().get("database-url")); Statement st = c.createStatement()) {
            assertEquals(3, count(st), "a later push reuses the branch, rows and all");
        }
    }

    @Test
    void diffWritesRiftsMarkdownSummaryToTheJobSummary() throws Exception {
        CompositeAction.Run create = run("create", "ci-diff", null);
        assertEquals(0, create.exitCode(), create.log());
        try (Connection c = connect(create.outputs().get("database-url")); Statement st = c.createStatement()) {
            st.execute("UPDATE items SET name = 'uno' WHERE id = 1");
            st.execute("INSERT INTO items VALUES (10, 'ten | with a pipe')");
        }

        CompositeAction.Run diff = run("diff", "ci-diff", null);
        assertEquals(0, diff.exitCode(), diff.log());
        RiftJar.Result direct = RiftJar.run(Map.of("RIFT_UPSTREAM", pg.url(db)), "diff", "ci-diff", "--format", "markdown");
        assertEquals(0, direct.exitCode(), direct.err());
        assertEquals(direct.out(), diff.summary(), "the job summary is rift diff --format markdown");
        assertTrue(diff.summary().contains("| public.items | 1 | 1 | 0 |"), diff.summary());
        assertTrue(diff.summary().contains("ten \\| with a pipe"), diff.summary());
    }

    @Test
    void resetDiscardsTheBranchsChangesAndKeepsItsDatabaseUrl() throws Exception {
        CompositeAction.Run create = run("create", "ci-reset", null);
        assertEquals(0, create.exitCode(), create.log());
        try (Connection c = connect(create.outputs().get("database-url")); Statement st = c.createStatement()) {
            st.execute("DELETE FROM items");
        }
        CompositeAction.Run reset = run("reset", "ci-reset", null);
        assertEquals(0, reset.exitCode(), reset.log());
        assertEquals(create.outputs().get("database-url"), reset.outputs().get("database-url"));
        try (Connection c = connect(reset.outputs().get("database-url")); Statement st = c.createStatement()) {
            assertEquals(2, count(st));
        }
    }

    @Test
    void deleteRemovesTheBranchAndDeletingItAgainIsOnlyANotice() throws Exception {
        CompositeAction.Run create = run("create", null, "77");
        assertEquals(0, create.exitCode(), create.log());
        String url = create.outputs().get("database-url");
        connect(url).close();

        CompositeAction.Run delete = run("delete", null, "77");
        assertEquals(0, delete.exitCode(), delete.log());
        SQLException gone = assertThrows(SQLException.class, () -> connect(url).close());
        assertEquals("3D000", gone.getSQLState(), gone.getMessage());
        RiftJar.Result list = RiftJar.run(Map.of("RIFT_UPSTREAM", pg.url(db)), "list", "--json");
        assertEquals(0, list.exitCode(), list.err());
        assertFalse(list.out().contains("\"pr-77\""), list.out());

        CompositeAction.Run again = run("delete", null, "77");
        assertEquals(0, again.exitCode(), "closing a pull request twice must not fail the job: " + again.log());
        assertTrue(again.log().contains("::notice::rift: branch \"pr-77\" does not exist"), again.log());
    }

    @Test
    void withOnlyTheServerInputTheStepsGoThroughTheControlApi() throws Exception {
        Map<String, String> inputs = new HashMap<>(Map.of("command", "create", "branch", "ci-server",
                "server", "http://127.0.0.1:" + httpPort, "proxy", "127.0.0.1:" + port, "rift", RiftJar.commandLine()));
        CompositeAction.Run create = action.run(inputs, null);
        assertEquals(0, create.exitCode(), create.log());
        assertEquals("postgres://127.0.0.1:" + port + "/ci-server", create.outputs().get("database-url"),
                "no upstream input: no credentials to put in the URL");
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/ci-server",
                pg.user(), pg.password()); Statement st = c.createStatement()) {
            st.execute("DELETE FROM items WHERE id = 2");
        }

        inputs.put("command", "diff");
        CompositeAction.Run diff = action.run(inputs, null);
        assertEquals(0, diff.exitCode(), diff.log());
        RiftJar.Result direct = RiftJar.run(Map.of("RIFT_UPSTREAM", pg.url(db)), "diff", "ci-server", "--format",
                "markdown");
        assertEquals(direct.out(), diff.summary(), "the server's diff, as markdown, is the direct one");

        inputs.put("command", "delete");
        CompositeAction.Run delete = action.run(inputs, null);
        assertEquals(0, delete.exitCode(), delete.log());
        RiftJar.Result list = RiftJar.run(Map.of("RIFT_UPSTREAM", pg.url(db)), "list", "--json");
        assertFalse(list.out().contains("\"ci-server\""), list.out());
    }

    @Test
    void anUnknownCommandFailsTheStepWithAnErrorAnnotation() throws Exception {
        CompositeAction.Run run = run("merge", "ci-x", null);
        assertNotEquals(0, run.exitCode());
        assertTrue(run.log().contains("::error::rift: the command input must be create, delete, diff or reset"),
                run.log());
    }

    @Test
    void outsideAPullRequestWithoutABranchInputTheActionFailsAndSaysWhy() throws Exception {
        CompositeAction.Run run = run("create", null, null);
        assertNotEquals(0, run.exitCode());
        assertTrue(run.log().contains("::error::rift: no branch input, and this is not a pull_request event"),
                run.log());
    }

    @Test
    void anInvalidBranchNameIsRefusedBeforeRiftRuns() throws Exception {
        CompositeAction.Run run = run("create", "Feature/Login", null);
        assertNotEquals(0, run.exitCode());
        assertTrue(run.log().contains("::error::rift: invalid branch name \"Feature/Login\""), run.log());
    }

    @Test
    void theExampleWorkflowGivesTheActionOnlyInputsItDeclaresAndEveryRequiredOne() throws Exception {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        JsonNode declared = yaml.readTree(RiftJar.root().resolve("action.yml").toFile()).path("inputs");
        JsonNode workflow = yaml.readTree(RiftJar.root().resolve("examples/ci/github-pr-database.yml").toFile());
        int uses = 0;
        for (JsonNode job : workflow.path("jobs")) {
            for (JsonNode step : job.path("steps")) {
                if (!step.path("uses").asText().startsWith("YOUR-ORG/rift@")) {
                    continue;
                }
                uses++;
                step.path("with").fieldNames().forEachRemaining(input ->
                        assertTrue(declared.has(input), "action.yml has no input " + input));
                declared.fields().forEachRemaining(e -> assertTrue(!e.getValue().path("required").asBoolean()
                        || step.path("with").has(e.getKey()), "required input " + e.getKey() + " missing"));
            }
        }
        assertEquals(3, uses, "create, diff and delete");
    }

    private static CompositeAction.Run run(String command, String branch, String prNumber) throws Exception {
        Map<String, String> inputs = new HashMap<>(Map.of("command", command, "upstream", pg.url(db),
                "proxy", "127.0.0.1:" + port, "rift", RiftJar.commandLine()));
        if (branch != null) {
            inputs.put("branch", branch);
        }
        return action.run(inputs, prNumber);
    }

    /** pgjdbc on a postgres://USER:PASSWORD@HOST:PORT/DB URL, as an application configured by the URL would. */
    private static Connection connect(String url) throws SQLException {
        URI uri = URI.create(url);
        String[] credentials = uri.getUserInfo().split(":", 2);
        return DriverManager.getConnection("jdbc:postgresql://" + uri.getHost() + ":" + uri.getPort() + uri.getPath(),
                credentials[0], credentials[1]);
    }

    private static long count(Statement st) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT count(*) FROM items")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
