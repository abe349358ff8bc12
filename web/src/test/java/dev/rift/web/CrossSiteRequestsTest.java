package dev.rift.web;

import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;

import static dev.rift.web.BranchEndpointsTest.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A page on another site, or a DNS name rebound to 127.0.0.1, driving the user's browser against an API without a
 * token (finding 10): refused, and nothing changes; every answer carries the headers that keep the page out of frames
 * and the API's answers out of caches and sniffing (finding 16).
 */
@ExtendWith(UpstreamExtension.class)
class CrossSiteRequestsTest {
    private static final String EVIL = "Origin: http://evil.example";
    private static RunningApi api;

    @BeforeAll
    static void start(TestUpstream pg) throws Exception {
        api = RunningApi.start(pg, "CREATE TABLE t (id int PRIMARY KEY, secret text)",
                "INSERT INTO t VALUES (1, 'production value')");
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    private static String host() {
        return "Host: 127.0.0.1:" + api.api.port();
    }

    @Test
    void crossSiteCreatesAreRefusedAndCreateNothing() throws Exception {
        String body = "{\"name\":\"xs-evil\"}";
        // What a form or a no-preflight fetch() on another site can send.
        assertError(403, "cross_origin", api.raw("POST", "/api/branches", body, host(), EVIL,
                "Content-Type: text/plain;charset=UTF-8"));
        assertError(403, "cross_origin", api.raw("POST", "/api/branches", "name=xs-evil", host(), EVIL,
                "Content-Type: application/x-www-form-urlencoded"));
        assertError(403, "cross_origin", api.raw("POST", "/api/branches", body, host(), EVIL,
                "Content-Type: application/json"));
        assertError(403, "cross_origin", api.raw("POST", "/api/branches", body, host(), "Origin: null",
                "Content-Type: application/json"));
        assertError(403, "cross_origin", api.raw("POST", "/api/branches", body, host(),
                "Sec-Fetch-Site: cross-site", "Content-Type: application/json"));
        assertError(403, "cross_origin", api.raw("POST", "/api/branches", body, host(),
                "Sec-Fetch-Site: same-site", "Content-Type: application/json"));
        // Without any browser header, a body that is not JSON is still refused: no form can send application/json.
        assertError(415, "unsupported_media_type", api.raw("POST", "/api/branches", body, host(),
                "Content-Type: text/plain"));
        assertError(415, "unsupported_media_type", api.raw("POST", "/api/branches", "name=xs-evil", host(),
                "Content-Type: multipart/form-data; boundary=x"));
        assertError(415, "unsupported_media_type", api.raw("POST", "/api/branches", body, host()));
        assertError(404, "branch_not_found", api.get("/api/branches/xs-evil"));
        assertTrue(api.get("/api/branches").json().findValuesAsText("name").stream().noneMatch("xs-evil"::equals));
    }

    @Test
    void crossSiteResetsAndDeletesAreRefusedAndChangeNothing() throws Exception {
        assertEquals(201, api.post("/api/branches", "{\"name\":\"xs-kept\"}").status());
        api.execute("xs-kept", "INSERT INTO t VALUES (2, 'branch row')");
        assertError(403, "cross_origin", api.raw("POST", "/api/branches/xs-kept/reset", "", host(), EVIL,
                "Content-Type: text/plain"));
        assertError(403, "cross_origin", api.raw("POST", "/api/branches/xs-kept/reset", null, host(), EVIL));
        assertError(415, "unsupported_media_type", api.raw("POST", "/api/branches/xs-kept/reset", "", host(),
                "Content-Type: application/x-www-form-urlencoded"));
        assertError(403, "cross_origin", api.raw("DELETE", "/api/branches/xs-kept", null, host(), EVIL));
        assertEquals(1, api.get("/api/branches/xs-kept").json().path("rows_changed").asLong(),
                "the branch and its row are still there");
    }

    @Test
    void theServersOwnOriginAndPlainClientsAreServed() throws Exception {
        RunningApi.Answer own = api.raw("POST", "/api/branches", "{\"name\":\"xs-own\"}", host(),
                "Origin: http://127.0.0.1:" + api.api.port(), "Sec-Fetch-Site: same-origin",
                "Content-Type: application/json; charset=utf-8");
        assertEquals(201, own.status(), own.body());
        assertEquals(200, api.raw("POST", "/api/branches/xs-own/reset", null, host(),
                "Origin: http://127.0.0.1:" + api.api.port()).status());
        assertEquals(200, api.send(api.request("/api/branches/xs-own").DELETE()).status(), "no Origin: not a page");
    }

    @Test
    void aForeignHostIsRefusedEvenForReadsSoARebindingPageSeesNoDiff() throws Exception {
        assertEquals(201, api.post("/api/branches", "{\"name\":\"xs-diff\"}").status());
        api.execute("xs-diff", "UPDATE t SET secret = 'changed' WHERE id = 1");
        for (String path : List.of("/api/branches/xs-diff/diff", "/api/branches", "/api/stats", "/", "/healthz",
                "/assets/app.js")) {
            RunningApi.Answer a = api.raw("GET", path, null, "Host: evil.example:" + api.api.port());
            assertError(421, "host_not_allowed", a);
            assertFalse(a.body().contains("production value"), a.body());
        }
        assertError(421, "host_not_allowed", api.raw("POST", "/api/branches", "{\"name\":\"xs-rebound\"}",
                "Host: evil.example", "Content-Type: application/json"));
        assertError(400, "invalid_request", api.raw("GET", "/api/branches", null));
        assertError(404, "branch_not_found", api.get("/api/branches/xs-rebound"));

        for (String name : List.of("localhost", "127.0.0.1", "app.localhost", "[::1]")) {
            RunningApi.Answer a = api.raw("GET", "/api/branches/xs-diff/diff", null, "Host: " + name + ":" + api.api.port());
            assertEquals(200, a.status(), name + ": " + a.body());
            assertTrue(a.body().contains("production value"), "the diff itself, for the server's own names");
        }
    }

    @Test
    void configuredNamesAreServedAndOthersAreNot() throws Exception {
        Routes routes = new Routes().add(io.netty.handler.codec.http.HttpMethod.GET, "/api/ping", false,
                r -> ApiResponse.json(Map.of("pong", true)));
        try (HttpApiServer named = HttpApiServer.start(
                new HttpApiConfig("127.0.0.1", 0, null, List.of("rift.internal", "CI-Rift")), routes)) {
            assertEquals(200, RunningApi.raw(named.port(), "GET", "/api/ping", null, "Host: rift.internal:6480").status());
            assertEquals(200, RunningApi.raw(named.port(), "GET", "/api/ping", null, "Host: ci-rift").status());
            assertError(421, "host_not_allowed",
                    RunningApi.raw(named.port(), "GET", "/api/ping", null, "Host: rift.internal.evil.example"));
        }
    }

    @Test
    void everyAnswerCarriesTheBrowserHeaders() throws Exception {
        assertEquals(201, api.post("/api/branches", "{\"name\":\"xs-headers\"}").status());
        List<RunningApi.Answer> answers = List.of(api.get("/"), api.get("/assets/app.js"), api.get("/api/branches"),
                api.get("/api/branches/xs-headers/diff"), api.get("/api/branches/xs-missing"), api.get("/healthz"),
                api.send(api.request("/api/branches/xs-headers/reset").POST(HttpRequest.BodyPublishers.noBody())),
                api.raw("GET", "/", null, "Host: evil.example"));
        for (RunningApi.Answer a : answers) {
            assertEquals("nosniff", a.headers().firstValue("X-Content-Type-Options").orElse(null), a.body());
            assertEquals("DENY", a.headers().firstValue("X-Frame-Options").orElse(null));
            assertEquals("no-referrer", a.headers().firstValue("Referrer-Policy").orElse(null));
            assertEquals("no-store", a.headers().firstValue("Cache-Control").orElse(null));
            String csp = a.headers().firstValue("Content-Security-Policy").orElse("");
            assertTrue(csp.contains("frame-ancestors 'none'"), csp);
            assertTrue(csp.contains("script-src 'self'") && !csp.contains("unsafe"), csp);
        }
    }
}
