package dev.rift.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rift.router.ProxyConfig;
import dev.rift.router.RiftServer;
import dev.rift.storage.UpstreamUrl;
import dev.rift.storage.cluster.FreePort;
import dev.rift.storage.cluster.LocalCluster;
import dev.rift.storage.testing.TestUpstream;
import dev.rift.testsupport.Await;
import dev.rift.web.json.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * GET /healthz follows the upstream: a PostgreSQL of this test's own, stopped and started again under a running
 * rift, so the answer goes ok → 503 with the reason → ok.
 */
class HealthzTest {
    private static final String USER = "rift_health";
    private static final String PASSWORD = "health-secret";

    private Path base;
    private Path dataDir;
    private int port;
    private LocalCluster cluster;
    private RiftServer rift;
    private HttpApiServer api;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        base = Files.createTempDirectory("rift-healthz-");
        // PostgreSQL runs as its own OS user when the tests run as root: it must reach the directory.
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
        dataDir = Files.createDirectory(base.resolve("data"));
        port = FreePort.find();
        cluster = LocalCluster.start(dataDir, port, USER, PASSWORD);
        try (Connection c = cluster.connect("postgres"); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE app");
        }
        UpstreamUrl upstream = UpstreamUrl.parse(TestUpstream.of(cluster, "app").url("app"));
        rift = RiftServer.start(ProxyConfig.of("127.0.0.1", 0, upstream));
        api = HttpApiServer.start(new HttpApiConfig("127.0.0.1", 0, null),
                ApiRoutes.of(new OverlayBranches(rift, upstream)));
    }

    @AfterEach
    void stop() throws Exception {
        try {
            api.close();
            rift.close();
        } finally {
            cluster.close();
            try (Stream<Path> files = Files.walk(base)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void healthIsOkWhileTheUpstreamAnswersAnd503WithTheReasonWhileItIsDown() throws Exception {
        HttpResponse<String> up = healthz();
        assertEquals(200, up.statusCode(), up.body());
        assertEquals("ok", json(up).path("status").asText());

        cluster.stop();
        HttpResponse<String> down = healthz();
        assertEquals(503, down.statusCode(), down.body());
        JsonNode body = json(down);
        assertEquals("unavailable", body.path("status").asText());
        assertTrue(body.path("reason").asText().contains("127.0.0.1:" + port), body.toString());
        assertTrue(body.path("reason").asText().contains("08001"), "the SQLSTATE pgjdbc reports: " + body);

        cluster = LocalCluster.start(dataDir, port, USER, PASSWORD);
        awaitHealthy();
    }

    @Test
    void branchRequestsWhileTheUpstreamIsDownAre503UpstreamUnavailable() throws Exception {
        cluster.stop();
        HttpResponse<String> list = http.send(HttpRequest.newBuilder(URI.create(base() + "/api/branches")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(503, list.statusCode(), list.body());
        assertEquals("upstream_unavailable", json(list).path("error").path("code").asText());
        cluster = LocalCluster.start(dataDir, port, USER, PASSWORD);
        awaitHealthy();
        HttpResponse<String> again = http.send(HttpRequest.newBuilder(URI.create(base() + "/api/branches")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, again.statusCode(), again.body());
    }

    private void awaitHealthy() throws Exception {
        HttpResponse<String> r = Await.value("healthy again once the upstream is back", Duration.ofSeconds(30),
                this::healthz, h -> h.statusCode() == 200, h -> h.statusCode() + " " + h.body());
        assertEquals("reachable", json(r).path("upstream").asText());
    }

    private HttpResponse<String> healthz() throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base() + "/healthz")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(4).toNanos(), "healthz answers within its 2 s bound");
        return r;
    }

    private String base() {
        return "http://127.0.0.1:" + api.port();
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return Json.COMPACT.readTree(r.body());
    }
}
