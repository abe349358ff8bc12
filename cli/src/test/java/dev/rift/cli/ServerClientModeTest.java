package dev.rift.cli;

import dev.rift.router.ProxyConfig;
import dev.rift.router.RiftServer;
import dev.rift.storage.UpstreamUrl;
import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import dev.rift.web.ApiRoutes;
import dev.rift.web.HttpApiConfig;
import dev.rift.web.HttpApiServer;
import dev.rift.web.OverlayBranches;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code rift --server URL}: every command that works through a server's control API prints exactly what it prints
 * working directly on the upstream, run both ways on the same branches (times aside, which are measured).
 */
@ExtendWith(UpstreamExtension.class)
class ServerClientModeTest {
    private static final String TOKEN = "cli-test-token";
    private static TestUpstream pg;
    private static String db;
    private static String url;
    private static RiftServer rift;
    private static HttpApiServer api;

    @BeforeAll
    static void start(TestUpstream upstream) throws Exception {
        pg = upstream;
        db = pg.createDatabase();
        try (Connection c = pg.connect(db); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE accounts (id int PRIMARY KEY, owner text, balance int NOT NULL)");
            st.execute("INSERT INTO accounts SELECT g, 'owner ' || g, 100 FROM generate_series(1, 30) g");
            st.execute("CREATE TABLE events (kind text, at int)");
            st.execute("INSERT INTO events VALUES ('a', 1), ('b', 2)");
        }
        url = pg.url(db);
        assertEquals(0, Rift.run("init", "--upstream", url).exitCode());
        rift = RiftServer.start(ProxyConfig.of("127.0.0.1", 0, UpstreamUrl.parse(url)));
        api = HttpApiServer.start(new HttpApiConfig("127.0.0.1", 0, TOKEN),
                ApiRoutes.of(new OverlayBranches(rift, UpstreamUrl.parse(url))));
        assertEquals(0, Rift.run("create", "cm-work", "--upstream", url).exitCode());
        assertEquals(0, Rift.run("create", "cm-other", "--upstream", url).exitCode());
        try (Connection c = connect("cm-work"); Statement st = c.createStatement()) {
            st.execute("UPDATE accounts SET balance = 7, owner = NULL WHERE id = 2");
            st.execute("DELETE FROM accounts WHERE id = 9");
            st.execute("INSERT INTO accounts VALUES (31, 'ünïcødé owner', 0)");
            st.execute("INSERT INTO events VALUES ('c', 3)");
            st.execute("ALTER TABLE accounts ADD COLUMN note text DEFAULT 'n'");
        }
        try (Connection c = connect("cm-other"); Statement st = c.createStatement()) {
            st.execute("UPDATE accounts SET owner = 'other' WHERE id = 3");
        }
    }

    @AfterAll
    static void stop() {
        try {
            api.close();
            rift.close();
        } finally {
            pg.dropDatabase(db);
        }
    }

    @Test
    void readingCommandsPrintTheSameThroughTheServer() {
        for (List<String> command : List.of(
                List.of("list"), List.of("list", "--json"),
                List.of("diff", "cm-work"), List.of("diff", "cm-work", "--stat"),
                List.of("diff", "cm-work", "--format", "json"), List.of("diff", "cm-work", "--format", "json", "--stat"),
                List.of("diff", "cm-other", "--against", "cm-work"),
                List.of("diff", "cm-other", "--against", "cm-work", "--format", "json"),
                List.of("schema-diff", "cm-work"), List.of("schema-diff", "cm-work", "--json"),
                List.of("schema-diff", "cm-other", "--against", "cm-work", "--json"))) {
            Rift direct = direct(command);
            Rift served = served(command);
            assertEquals(0, direct.exitCode(), command + ": " + direct.err());
            assertEquals(0, served.exitCode(), command + ": " + served.err());
            assertEquals(direct.out(), served.out(), String.join(" ", command));
        }
    }

    @Test
    void theStreamedDiffIsByteForByteRiftDiffFormatJson() throws Exception {
        HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + api.port() + "/api/branches/cm-work/diff"))
                .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode());
        String printed = direct(List.of("diff", "cm-work", "--format", "json")).out();
        assertTrue(printed.contains("ünïcødé owner"));
        assertEquals(printed, new String(r.body(), java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void creatingDeletingAndResettingPrintTheSameThroughTheServer() throws Exception {
        Rift createdDirectly = direct(List.of("create", "cm-made"));
        Rift deletedDirectly = direct(List.of("delete", "cm-made"));
        Rift createdServed = served(List.of("create", "cm-made"));
        assertEquals(0, createdServed.exitCode(), createdServed.err());
        try (Connection c = connect("cm-made"); Statement st = c.createStatement()) {
            st.execute("DELETE FROM accounts WHERE id < 5");
        }
        Rift resetServed = served(List.of("reset", "cm-made"));
        Rift resetDirectly = direct(List.of("reset", "cm-made"));
        Rift deletedServed = served(List.of("delete", "cm-made"));
        assertEquals(withoutTimes(createdDirectly.out()), withoutTimes(createdServed.out()));
        assertEquals(withoutTimes(resetDirectly.out()), withoutTimes(resetServed.out()));
        assertEquals(deletedDirectly.out(), deletedServed.out());
        assertEquals("deleted cm-made\n", deletedServed.out());
    }

    @Test
    void failuresReadTheSameAndSqlPatchesStayDirect() {
        for (List<String> command : List.of(List.of("diff", "cm-nobody"), List.of("schema-diff", "cm-nobody"),
                List.of("delete", "cm-nobody"), List.of("reset", "cm-nobody"))) {
            Rift direct = direct(command);
            Rift served = served(command);
            assertEquals(1, served.exitCode(), command.toString());
            assertEquals(direct.exitCode(), served.exitCode(), command.toString());
            assertEquals("rift: branch \"cm-nobody\" does not exist\n", served.err(), command.toString());
        }
        Rift sql = served(List.of("diff", "cm-work", "--format", "sql"));
        assertEquals(1, sql.exitCode());
        assertTrue(sql.err().contains("without --server"), sql.err());
    }

    @Test
    void theServerOptionIsGlobalAndTheTokenIsRequired() {
        String server = "http://127.0.0.1:" + api.port();
        Rift before = Rift.run("--server", server, "--http-token", TOKEN, "list", "--json");
        assertEquals(0, before.exitCode(), before.err());
        assertEquals(direct(List.of("list", "--json")).out(), before.out());
        Rift noToken = Rift.run("list", "--server", server);
        assertEquals(1, noToken.exitCode());
        assertTrue(noToken.err().contains("bearer token"), noToken.err());
        Rift merge = Rift.run("merge", "cm-work", "--server", server, "--upstream", url);
        assertEquals(2, merge.exitCode(), "a command that works directly refuses --server rather than ignore it");
        assertTrue(merge.err().contains("rift merge works on the upstream (or pool) directly"), merge.err());
    }

    private static Rift direct(List<String> command) {
        List<String> args = new ArrayList<>(command);
        args.addAll(List.of("--upstream", url));
        return Rift.run(args.toArray(String[]::new));
    }

    private static Rift served(List<String> command) {
        List<String> args = new ArrayList<>(command);
        args.addAll(List.of("--server", "http://127.0.0.1:" + api.port(), "--http-token", TOKEN));
        return Rift.run(args.toArray(String[]::new));
    }

    private static String withoutTimes(String out) {
        return out.replaceAll("\\d+\\.\\d ms", "N ms");
    }

    private static Connection connect(String branch) throws Exception {
        Properties p = new Properties();
        p.setProperty("user", pg.user());
        p.setProperty("password", pg.password());
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + rift.port() + "/" + branch, p);
    }
}
