package dev.rift.web;

import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpRequest;

import static dev.rift.web.BranchEndpointsTest.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bearer token, the page's static files and /healthz, which need none, and the refusal to serve openly. */
@ExtendWith(UpstreamExtension.class)
class ApiAccessTest {
    private static final String TOKEN = "t0ken-for-tests";
    private static RunningApi api;

    @BeforeAll
    static void start(TestUpstream pg) throws Exception {
        api = RunningApi.withToken(pg, TOKEN, "CREATE TABLE t (id int PRIMARY KEY)");
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void withATokenConfiguredTheApiAnswers401WithoutItOrWithAnotherOne() throws Exception {
        for (String path : new String[] {"/api/branches", "/api/stats", "/api/branches/x/diff", "/api/nothing"}) {
            RunningApi.Answer none = api.send(anonymous(path).GET());
            assertError(401, "unauthorized", none);
            assertEquals("Bearer realm=\"rift\"", none.headers().firstValue("WWW-Authenticate").orElseThrow());
            assertError(401, "unauthorized", api.send(anonymous(path).header("Authorization", "Bearer wrong").GET()));
        }
        assertError(401, "unauthorized", api.send(anonymous("/api/branches").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"sneaky\"}"))));
        assertEquals(404, api.get("/api/branches/sneaky").status(), "an unauthorized create creates nothing");
        assertEquals(200, api.get("/api/branches").status(), "the right token is let in");
    }

    @Test
    void withATokenTheHostOriginAndBodyChecksStillApply() throws Exception {
        String host = "Host: 127.0.0.1:" + api.api.port();
        String bearer = "Authorization: Bearer " + TOKEN;
        assertError(421, "host_not_allowed", api.raw("GET", "/api/branches", null, "Host: evil.example", bearer));
        assertError(403, "cross_origin", api.raw("POST", "/api/branches", "{\"name\":\"tok-evil\"}", host, bearer,
                "Origin: http://evil.example", "Content-Type: application/json"));
        assertError(415, "unsupported_media_type", api.raw("POST", "/api/branches", "{\"name\":\"tok-evil\"}",
                host, bearer, "Content-Type: text/plain"));
        assertEquals(404, api.get("/api/branches/tok-evil").status(), "nothing was created");
    }

    @Test
    void healthAndThePageNeedNoToken() throws Exception {
        RunningApi.Answer health = api.send(anonymous("/healthz").GET());
        assertEquals(200, health.status(), health.body());
        assertEquals("ok", health.json().path("status").asText());
        assertEquals("reachable", health.json().path("upstream").asText());
        assertEquals("overlay", health.json().path("mode").asText());

        RunningApi.Answer page = api.send(anonymous("/").GET());
        assertEquals(200, page.status());
        assertEquals("text/html; charset=utf-8", page.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(page.body().contains("/assets/app.js"), "the page loads its script");
        RunningApi.Answer script = api.send(anonymous("/assets/app.js").GET());
        assertEquals(200, script.status());
        assertEquals("text/javascript; charset=utf-8", script.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(script.body().contains("/api/stats"), "the page lists branches through the API");
        assertEquals("text/css; charset=utf-8",
                api.send(anonymous("/assets/style.css").GET()).headers().firstValue("Content-Type").orElseThrow());
    }

    @Test
    void missingFilesAndEscapesAreNotFoundAndThePageIsReadOnly() throws Exception {
        assertError(404, "not_found", api.send(anonymous("/assets/missing.js").GET()));
        assertError(404, "not_found", api.send(anonymous("/assets/%2E%2E/index.html").GET()));
        RunningApi.Answer post = api.send(anonymous("/").POST(HttpRequest.BodyPublishers.noBody()));
        assertError(405, "method_not_allowed", post);
        assertEquals("GET", post.headers().firstValue("Allow").orElseThrow());
        assertError(405, "method_not_allowed", api.send(anonymous("/healthz").DELETE()));
    }

    @Test
    void servingBeyondLoopbackWithoutATokenIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new HttpApiConfig("0.0.0.0", 0, null));
        assertTrue(e.getMessage().contains("--http-token"), e.getMessage());
        assertEquals("t", new HttpApiConfig("0.0.0.0", 0, "t").token());
        assertEquals(null, new HttpApiConfig("127.0.0.1", 0, null).token());
        assertEquals(null, new HttpApiConfig("localhost", 0, "").token(), "an empty token is no token");
    }

    private static HttpRequest.Builder anonymous(String path) {
        return HttpRequest.newBuilder(URI.create(api.baseUrl() + path));
    }
}
