package dev.rift.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rift.router.AutoCreate;
import dev.rift.router.ProxyConfig;
import dev.rift.router.snapshot.SnapshotServer;
import dev.rift.storage.pool.SnapshotPool;
import dev.rift.storage.testing.SnapshotPools;
import dev.rift.web.ApiRoutes;
import dev.rift.web.HttpApiConfig;
import dev.rift.web.HttpApiServer;
import dev.rift.web.SnapshotBranches;
import dev.rift.web.json.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The control API over a snapshot pool (copy driver): the same endpoints, with diffs refused as unsupported. */
class SnapshotServerApiTest {
    private static Path dir;
    private static SnapshotServer server;
    private static HttpApiServer api;
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("rift-api-pool-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Rift init = Rift.run("init", "--mode", "snapshot", "--driver", "copy", "--pool", dir.toString(),
                "--database", "app", "--fast");
        assertEquals(0, init.exitCode(), init.err());
        server = SnapshotServer.start(ProxyConfig.of("127.0.0.1", 0, null), SnapshotPool.open(dir.toString()),
                AutoCreate.OFF, Duration.ofMinutes(15));
        api = HttpApiServer.start(new HttpApiConfig("127.0.0.1", 0, null), ApiRoutes.of(new SnapshotBranches(server)));
    }

    @AfterAll
    static void stop() throws Exception {
        api.close();
        server.close();
        SnapshotPools.remove(dir);
    }

    @Test
    void branchesAreCreatedListedResetAndDeletedAsSnapshotClones() throws Exception {
        HttpResponse<String> created = send(request("/api/branches").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"snap-api\"}")));
        assertEquals(201, created.statusCode(), created.body());
        JsonNode b = Json.COMPACT.readTree(created.body());
        assertEquals("snapshot", b.path("mode").asText());
        assertEquals("copy", b.path("driver").asText());
        assertEquals("main", b.path("parent").asText());
        assertTrue(Files.isDirectory(dir.resolve("snap-api")), "the clone exists on disk");
        assertEquals(409, send(request("/api/branches").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                "{\"name\":\"snap-api\"}"))).statusCode());

        JsonNode list = Json.COMPACT.readTree(send(request("/api/branches").GET()).body());
        assertEquals("main", list.get(0).path("name").asText(), "main first, as rift list shows it");
        assertEquals(Json.COMPACT.readTree(Rift.run("list", "--json", "--pool", dir.toString()).out()), list,
                "the objects of rift list --json");

        HttpResponse<String> reset = send(request("/api/branches/snap-api/reset").POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(200, reset.statusCode(), reset.body());
        assertEquals("main", Json.COMPACT.readTree(reset.body()).path("parent").asText());

        HttpResponse<String> deleted = send(request("/api/branches/snap-api").DELETE());
        assertEquals(200, deleted.statusCode(), deleted.body());
        assertTrue(Files.notExists(dir.resolve("snap-api")), "delete destroys the clone");
        assertEquals(404, send(request("/api/branches/snap-api").GET()).statusCode());
        assertEquals(404, send(request("/api/branches/snap-api").DELETE()).statusCode());
    }

    @Test
    void diffsAndChangesToMainAreUnsupported() throws Exception {
        for (HttpResponse<String> r : new HttpResponse[] {send(request("/api/branches/main/diff").GET()),
                send(request("/api/branches/main/schema-diff").GET()), send(request("/api/branches/main").DELETE()),
                send(request("/api/branches/main/reset").POST(HttpRequest.BodyPublishers.noBody()))}) {
            assertEquals(422, r.statusCode(), r.body());
            assertEquals("unsupported", Json.COMPACT.readTree(r.body()).path("error").path("code").asText());
        }
    }

    @Test
    void healthReadsThePoolAndSaysWhetherMainRuns() throws Exception {
        HttpResponse<String> health = send(request("/healthz").GET());
        assertEquals(200, health.statusCode(), health.body());
        JsonNode body = Json.COMPACT.readTree(health.body());
        assertEquals("snapshot", body.path("mode").asText());
        assertEquals(SnapshotPool.open(dir.toString()).running("main").isPresent() ? "running" : "stopped",
                body.path("main").asText());
    }

    @Test
    void theCliThroughTheServerPrintsWhatItPrintsOnThePool() {
        String server = "http://127.0.0.1:" + api.port();
        assertEquals(Rift.run("list", "--pool", dir.toString()).out(), Rift.run("list", "--server", server).out());
        Rift created = Rift.run("create", "snap-cli", "--server", server);
        assertEquals(0, created.exitCode(), created.err());
        assertTrue(created.out().matches("(?s)created branch snap-cli from main in [0-9.]+ ms \\(copy snapshot; its "
                + "postmaster starts on first connection\\)\n  connect: postgres://postgres@<rift host>:6432/snap-cli\n"),
                created.out());
        assertEquals("deleted snap-cli (postmaster stopped, clone destroyed)\n",
                Rift.run("delete", "snap-cli", "--server", server).out());
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
