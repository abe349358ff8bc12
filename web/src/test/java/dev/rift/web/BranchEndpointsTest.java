package dev.rift.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import dev.rift.testsupport.Await;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The branch endpoints of docs/http.md against a real RiftServer: list, create, get, delete, reset, stats. */
@ExtendWith(UpstreamExtension.class)
class BranchEndpointsTest {
    private static RunningApi api;

    @BeforeAll
    static void start(TestUpstream pg) throws Exception {
        api = RunningApi.start(pg,
                "CREATE TABLE items (id int PRIMARY KEY, name text NOT NULL)",
                "INSERT INTO items SELECT g, 'item ' || g FROM generate_series(1, 10) g");
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void creatingABranchAnswers201WithItsLocationAndTheBranchServesTheUpstreamsRows() throws Exception {
        RunningApi.Answer created = api.post("/api/branches", "{\"name\":\"ep-create\"}");
        assertEquals(201, created.status(), created.body());
        assertEquals("/api/branches/ep-create", created.headers().firstValue("Location").orElseThrow());
        JsonNode b = created.json();
        assertEquals("ep-create", b.path("name").asText());
        assertEquals("main", b.path("parent").asText());
        assertEquals("overlay", b.path("mode").asText());
        assertEquals(0, b.path("rows_changed").asLong());
        assertTrue(b.path("connect").asText().endsWith(":" + api.rift.port() + "/ep-create"), b.toString());
        assertEquals(count(api.pg.connect(api.db)), count(api.connect("ep-create")),
                "a new branch reads what the upstream holds");
    }

    @Test
    void aBranchMadeFromAnotherNamesItsParent() throws Exception {
        assertEquals(201, api.post("/api/branches", "{\"name\":\"ep-parent\"}").status());
        RunningApi.Answer child = api.post("/api/branches", "{\"name\":\"ep-child\",\"parent\":\"ep-parent\"}");
        assertEquals(201, child.status(), child.body());
        assertEquals("ep-parent", api.get("/api/branches/ep-child").json().path("parent").asText());
    }

    @Test
    void listingShowsEveryBranchWithTheRowsItChanged() throws Exception {
        api.post("/api/branches", "{\"name\":\"ep-list\"}");
        api.execute("ep-list", "UPDATE items SET name = 'changed' WHERE id IN (1, 2)",
                "INSERT INTO items VALUES (11, 'new')");
        RunningApi.Answer list = api.get("/api/branches");
        assertEquals(200, list.status());
        JsonNode listed = find(list.json(), "ep-list");
        assertEquals(3, listed.path("rows_changed").asLong(), "two updated rows and one inserted");
        assertTrue(listed.path("bytes").asLong() > 0);
        assertEquals(listed, api.get("/api/branches/ep-list").json(), "GET of one branch is its list object");
    }

    @Test
    void creatingAnExistingNameIs409AndLeavesTheBranchAsItWas() throws Exception {
        api.post("/api/branches", "{\"name\":\"ep-twice\"}");
        api.execute("ep-twice", "DELETE FROM items WHERE id = 5");
        RunningApi.Answer again = api.post("/api/branches", "{\"name\":\"ep-twice\"}");
        assertEquals(409, again.status());
        assertEquals("branch_exists", again.errorCode());
        assertEquals(9, count(api.connect("ep-twice")));
    }

    @Test
    void badInputIsAnsweredWithTheStatusOfDocsHttpMd() throws Exception {
        assertError(404, "branch_not_found", api.get("/api/branches/ep-nobody"));
        assertError(404, "branch_not_found", api.post("/api/branches", "{\"name\":\"ep-orphan\",\"parent\":\"ep-nobody\"}"));
        assertError(400, "invalid_name", api.get("/api/branches/Not_Valid"));
        assertError(400, "invalid_name", api.post("/api/branches", "{\"name\":\"-dash-first\"}"));
        assertError(400, "invalid_request", api.post("/api/branches", "{\"name\":"));
        assertError(400, "invalid_request", api.post("/api/branches", "[\"ep-array\"]"));
        assertError(400, "invalid_request", api.post("/api/branches", "{\"parent\":\"main\"}"));
        assertError(400, "invalid_request", api.post("/api/branches", "{\"name\":42}"));
        assertError(404, "not_found", api.get("/api/nothing-here"));
        assertError(409, "branch_exists", api.post("/api/branches", "{\"name\":\"main\"}"));
        RunningApi.Answer put = api.send(api.request("/api/branches").PUT(HttpRequest.BodyPublishers.noBody()));
        assertError(405, "method_not_allowed", put);
        assertEquals("GET, POST", put.headers().firstValue("Allow").orElseThrow());
        RunningApi.Answer postOnReset = api.get("/api/branches/ep-nobody/reset");
        assertError(405, "method_not_allowed", postOnReset);
        assertEquals("POST", postOnReset.headers().firstValue("Allow").orElseThrow());
    }

    @Test
    void deletingABranchRemovesItAndItsRowsAndThenItIsUnknown() throws Exception {
        api.post("/api/branches", "{\"name\":\"ep-delete\"}");
        api.execute("ep-delete", "INSERT INTO items VALUES (100, 'only here')");
        RunningApi.Answer deleted = api.delete("/api/branches/ep-delete");
        assertEquals(200, deleted.status(), deleted.body());
        assertEquals(List.of("ep-delete"), strings(deleted.json().path("deleted")));
        assertError(404, "branch_not_found", api.get("/api/branches/ep-delete"));
        assertError(404, "branch_not_found", api.delete("/api/branches/ep-delete"));
        SQLException gone = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
                () -> api.connect("ep-delete").close());
        assertEquals("3D000", gone.getSQLState());
    }

    @Test
    void aBranchWithChildrenIsOnlyDeletedWhenForcedAndThenWithItsChildren() throws Exception {
        api.post("/api/branches", "{\"name\":\"ep-root\"}");
        api.post("/api/branches", "{\"name\":\"ep-leaf\",\"parent\":\"ep-root\"}");
        assertError(409, "has_children", api.delete("/api/branches/ep-root"));
        assertEquals(200, api.get("/api/branches/ep-leaf").status());
        RunningApi.Answer forced = api.delete("/api/branches/ep-root?force=true");
        assertEquals(200, forced.status(), forced.body());
        assertEquals(List.of("ep-leaf", "ep-root"), strings(forced.json().path("deleted")), "deepest first");
        assertError(404, "branch_not_found", api.get("/api/branches/ep-leaf"));
    }

    @Test
    void resettingABranchDiscardsItsChangesSoItReadsAsTheUpstreamAgain() throws Exception {
        api.post("/api/branches", "{\"name\":\"ep-reset\"}");
        api.execute("ep-reset", "DELETE FROM items WHERE id > 3", "INSERT INTO items VALUES (50, 'x')");
        assertEquals(4, count(api.connect("ep-reset")));
        RunningApi.Answer reset = api.post("/api/branches/ep-reset/reset", "");
        assertEquals(200, reset.status(), reset.body());
        assertEquals("ep-reset", reset.json().path("branch").asText());
        assertTrue(reset.json().path("reset").asBoolean());
        assertEquals(count(api.pg.connect(api.db)), count(api.connect("ep-reset")));
        assertEquals(0, api.get("/api/branches/ep-reset").json().path("rows_changed").asLong());
        assertError(404, "branch_not_found", api.post("/api/branches/ep-nobody/reset", ""));
    }

    @Test
    void statsCountTheSessionsOpenOnEachBranchAndWhenItWasLastUsed() throws Exception {
        api.post("/api/branches", "{\"name\":\"ep-stats\"}");
        Instant before = Instant.now().minusSeconds(1);
        try (Connection first = api.connect("ep-stats"); Connection second = api.connect("ep-stats")) {
            first.createStatement().execute("SELECT 1");
            second.createStatement().execute("SELECT 2");
            JsonNode stats = api.get("/api/stats").json();
            JsonNode b = find(stats.path("branches"), "ep-stats");
            assertEquals(2, b.path("connections").asInt());
            assertFalse(Instant.parse(b.path("last_activity").asText()).isBefore(before));
            assertEquals("overlay", b.path("mode").asText());
            assertTrue(stats.path("connections").asInt() >= 2);
            assertEquals(api.proxyPort(), stats.path("proxy").path("port").asInt(), "where clients connect");
            assertEquals("127.0.0.1", stats.path("proxy").path("host").asText());
        }
        awaitConnections("ep-stats", 0);
    }

    private static void awaitConnections(String branch, int expected) throws Exception {
        Await.value(expected + " sessions on " + branch + " once their clients closed", Duration.ofSeconds(10),
                () -> find(api.get("/api/stats").json().path("branches"), branch).path("connections").asInt(),
                seen -> seen == expected);
    }

    static void assertError(int status, String code, RunningApi.Answer answer) {
        assertEquals(status, answer.status(), answer.body());
        assertEquals(code, answer.errorCode(), answer.body());
        assertEquals(status, answer.json().path("error").path("status").asInt());
        assertFalse(answer.json().path("error").path("message").asText().isEmpty());
        assertTrue(answer.headers().firstValue("Content-Type").orElseThrow().startsWith("application/json"));
    }

    private static JsonNode find(JsonNode branches, String name) {
        for (JsonNode b : branches) {
            if (name.equals(b.path("name").asText())) {
                return b;
            }
        }
        throw new AssertionError("no branch " + name + " in " + branches);
    }

    private static List<String> strings(JsonNode array) {
        List<String> s = new ArrayList<>();
        array.forEach(n -> s.add(n.asText()));
        return s;
    }

    private static long count(Connection c) throws SQLException {
        try (c; Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM items")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
