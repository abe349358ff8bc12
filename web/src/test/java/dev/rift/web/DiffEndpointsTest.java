package dev.rift.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static dev.rift.web.BranchEndpointsTest.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GET /api/branches/{name}/diff and /schema-diff: the documents of rift diff --format json and schema-diff --json. */
@ExtendWith(UpstreamExtension.class)
class DiffEndpointsTest {
    private static RunningApi api;

    @BeforeAll
    static void start(TestUpstream pg) throws Exception {
        api = RunningApi.start(pg,
                "CREATE TABLE accounts (id int PRIMARY KEY, owner text, balance int NOT NULL)",
                "INSERT INTO accounts SELECT g, 'owner ' || g, 100 FROM generate_series(1, 20) g",
                "CREATE TABLE big (id int PRIMARY KEY, v int NOT NULL)",
                "INSERT INTO big SELECT g, g FROM generate_series(1, 50000) g");
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void theDiffIsStreamedInChunksWithEachChangedRowsOldAndNewValuesAsPostgresqlPrintsThem() throws Exception {
        api.post("/api/branches", "{\"name\":\"df-rows\"}");
        api.execute("df-rows", "UPDATE accounts SET balance = balance + 1, owner = NULL WHERE id = 3",
                "DELETE FROM accounts WHERE id = 4", "INSERT INTO accounts VALUES (21, 'new', 0)");
        HttpResponse<InputStream> r = HttpClient.newHttpClient().send(api.request("/api/branches/df-rows/diff").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, r.statusCode());
        assertEquals("chunked", r.headers().firstValue("Transfer-Encoding").orElse(""),
                "streamed, not measured first");
        assertEquals("application/json; charset=utf-8", r.headers().firstValue("Content-Type").orElseThrow());
        String body;
        try (InputStream in = r.body()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(body.endsWith("}\n"), "a document and a newline, as rift diff --format json prints it");
        JsonNode doc = new RunningApi.Answer(200, r.headers(), body).json();
        assertEquals("df-rows", doc.path("branch").asText());
        assertEquals("main", doc.path("against").asText());
        JsonNode accounts = table(doc, "accounts");
        assertEquals(3, accounts.path("rows").size());
        JsonNode update = accounts.path("rows").get(0);
        assertEquals("update", update.path("op").asText());
        assertEquals(upstreamValue("SELECT balance::text FROM accounts WHERE id = 3"),
                update.path("changes").path("balance").path("old").asText());
        assertEquals(String.valueOf(Integer.parseInt(upstreamValue("SELECT balance::text FROM accounts WHERE id = 3")) + 1),
                update.path("changes").path("balance").path("new").asText());
        assertTrue(update.path("changes").path("owner").path("new").isNull(), "NULL is JSON null");
        assertEquals("delete", accounts.path("rows").get(1).path("op").asText());
        assertEquals("4", accounts.path("rows").get(1).path("key").path("id").asText());
        assertEquals("insert", accounts.path("rows").get(2).path("op").asText());
        assertEquals(1, doc.path("totals").path("inserted").asLong());
        assertEquals(1, doc.path("totals").path("deleted").asLong());
        assertEquals(1, doc.path("totals").path("updated").asLong());
    }

    @Test
    void aLargeDiffArrivesWhole() throws Exception {
        api.post("/api/branches", "{\"name\":\"df-large\"}");
        api.execute("df-large", "UPDATE big SET v = -v");
        RunningApi.Answer whole = api.get("/api/branches/df-large/diff");
        assertEquals(200, whole.status());
        JsonNode big = table(whole.json(), "big");
        assertEquals(50000, big.path("rows").size());
        assertEquals(50000, big.path("counts").path("updated").asLong());
        RunningApi.Answer stat = api.get("/api/branches/df-large/diff?stat=true");
        assertFalse(table(stat.json(), "big").has("rows"), "stat=true: counts only");
        assertEquals(50000, table(stat.json(), "big").path("counts").path("updated").asLong());
    }

    @Test
    void aDiffAgainstAnotherBranchComparesWithThatBranch() throws Exception {
        api.post("/api/branches", "{\"name\":\"df-left\"}");
        api.post("/api/branches", "{\"name\":\"df-right\"}");
        api.execute("df-left", "UPDATE accounts SET owner = 'left' WHERE id = 1");
        api.execute("df-right", "UPDATE accounts SET owner = 'right' WHERE id = 1");
        JsonNode doc = api.get("/api/branches/df-left/diff?against=df-right").json();
        assertEquals("df-right", doc.path("against").asText());
        JsonNode owner = table(doc, "accounts").path("rows").get(0).path("changes").path("owner");
        assertEquals("right", owner.path("old").asText());
        assertEquals("left", owner.path("new").asText());
    }

    @Test
    void schemaDiffListsTheBranchsDdlInOrder() throws Exception {
        api.post("/api/branches", "{\"name\":\"df-ddl\"}");
        api.execute("df-ddl", "ALTER TABLE accounts ADD COLUMN note text", "CREATE TABLE extra (id int PRIMARY KEY)");
        RunningApi.Answer answer = api.get("/api/branches/df-ddl/schema-diff");
        assertEquals(200, answer.status(), answer.body());
        JsonNode doc = answer.json();
        assertEquals("df-ddl", doc.path("branch").asText());
        assertEquals("main", doc.path("against").asText());
        assertEquals(2, doc.path("statements").size());
        assertEquals("ALTER TABLE accounts ADD COLUMN note text", doc.path("statements").get(0).path("sql").asText());
        assertTrue(doc.path("statements").get(1).path("sql").asText().startsWith("CREATE TABLE extra"));
        assertTrue(doc.path("statements").get(0).path("seq").asLong()
                < doc.path("statements").get(1).path("seq").asLong());
    }

    @Test
    void whatTheEngineRefusesIs422AndUnknownBranchesAre404() throws Exception {
        api.post("/api/branches", "{\"name\":\"df-altered\"}");
        api.execute("df-altered", "ALTER TABLE accounts ADD COLUMN flag boolean");
        assertEquals(201, api.post("/api/branches", "{\"name\":\"df-of-altered\",\"parent\":\"df-altered\"}").status(),
                "a branch of a branch that ran DDL");
        // A range type of a branch's own is something a branch cannot be made from yet (docs/ddl.md): 0A000.
        api.execute("df-altered", "CREATE TYPE int_span AS RANGE (subtype = int)");
        RunningApi.Answer refused = api.post("/api/branches", "{\"name\":\"df-of-ranged\",\"parent\":\"df-altered\"}");
        assertError(422, "unsupported", refused);
        assertError(404, "branch_not_found", api.get("/api/branches/df-nobody/diff"));
        assertError(404, "branch_not_found", api.get("/api/branches/df-nobody/schema-diff"));
        assertError(400, "invalid_name", api.get("/api/branches/df-altered/diff?against=NOT%20A%20NAME"));
        assertError(400, "invalid_request", api.get("/api/branches/df-altered/diff?stat=maybe"));
    }

    private static JsonNode table(JsonNode doc, String name) {
        for (JsonNode t : doc.path("tables")) {
            if (name.equals(t.path("table").asText())) {
                return t;
            }
        }
        throw new AssertionError("no table " + name + " in the diff");
    }

    private static String upstreamValue(String sql) throws Exception {
        try (Connection c = api.pg.connect(api.db); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
