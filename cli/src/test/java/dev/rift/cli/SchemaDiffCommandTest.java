package dev.rift.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rift.router.ProxyConfig;
import dev.rift.router.RiftServer;
import dev.rift.storage.UpstreamUrl;
import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code rift schema-diff}: a branch's DDL, in order, as SQL that takes the other side's schema to the branch's. */
@ExtendWith(UpstreamExtension.class)
class SchemaDiffCommandTest {
    private static final List<String> MIGRATION = List.of(
            "CREATE TABLE labels (id serial PRIMARY KEY, account_id int REFERENCES accounts, label text NOT NULL)",
            "ALTER TABLE accounts ADD COLUMN note text DEFAULT 'none'",
            "CREATE UNIQUE INDEX labels_once ON labels (account_id, label)",
            "COMMENT ON TABLE labels IS 'what people call an account'");

    private static CliUpstream fixture;

    @BeforeAll
    static void upstream(TestUpstream upstream) throws Exception {
        fixture = CliUpstream.initialized(upstream, st -> {
            st.execute("CREATE TABLE accounts (id int PRIMARY KEY, balance int NOT NULL)");
            st.execute("INSERT INTO accounts SELECT g, 100 FROM generate_series(1, 100) g");
        });
    }

    @AfterAll
    static void drop() {
        fixture.close();
    }

    @Test
    void schemaDiffPrintsTheBranchsDdlWhichAppliedToACopyGivesTheBranchsSchema() throws Exception {
        assertEquals(0, Rift.run("create", "sd-migrated", "--upstream", fixture.url).exitCode());
        List<String> lines;
        List<String> branchColumns;
        try (RiftServer rift = RiftServer.start(ProxyConfig.of("127.0.0.1", 0, UpstreamUrl.parse(fixture.url)));
             Connection c = branch(rift, "sd-migrated"); Statement st = c.createStatement()) {
            for (String ddl : MIGRATION) {
                st.execute(ddl);
            }
            Rift diff = Rift.run("schema-diff", "sd-migrated", "--upstream", fixture.url);
            assertEquals(0, diff.exitCode(), diff.err());
            lines = diff.out().lines().toList();
            assertEquals("-- schema changes of branch sd-migrated against main: 4 statements", lines.get(0));
            assertEquals(MIGRATION.stream().map(s -> s + ";").toList(), lines.subList(1, lines.size()));

            JsonNode listed = null;
            for (JsonNode b : new ObjectMapper().readTree(Rift.run("list", "--json", "--upstream", fixture.url).out())) {
                if (b.get("name").asText().equals("sd-migrated")) {
                    listed = b;
                }
            }
            assertEquals(4, listed.get("ddl_statements").asLong(), listed.toString());
            assertEquals("[\"public.accounts\"]", listed.get("copied_tables").toString(),
                    "the table ALTER TABLE changed is listed as materialized");

            branchColumns = columns(st);
        }
        // A full copy of the upstream (made once no session uses it) with the diff applied has the branch's schema.
        String copy = fixture.pg.copyDatabase(fixture.db);
        try (Connection cc = fixture.pg.connect(copy); Statement cs = cc.createStatement()) {
            cs.execute(String.join("\n", lines));
            assertEquals(branchColumns, columns(cs), "the copy with the diff applied has the branch's columns");
        } finally {
            fixture.pg.dropDatabase(copy);
        }
    }

    @Test
    void schemaDiffAsJsonListsStatementsInOrderAndABranchWithoutDdlHasNone() throws Exception {
        assertEquals(0, Rift.run("create", "sd-json", "--upstream", fixture.url).exitCode());
        assertEquals(0, Rift.run("create", "sd-untouched", "--upstream", fixture.url).exitCode());
        try (RiftServer rift = RiftServer.start(ProxyConfig.of("127.0.0.1", 0, UpstreamUrl.parse(fixture.url)));
             Connection c = branch(rift, "sd-json"); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE one (a int)");
            st.execute("CREATE TABLE two (b int)");
        }
        JsonNode doc = new ObjectMapper().readTree(Rift.run("schema-diff", "sd-json", "--json", "--upstream", fixture.url).out());
        assertEquals("sd-json", doc.get("branch").asText());
        assertEquals("main", doc.get("against").asText());
        List<String> sql = new ArrayList<>();
        doc.get("statements").forEach(s -> sql.add(s.get("sql").asText()));
        assertEquals(List.of("CREATE TABLE one (a int)", "CREATE TABLE two (b int)"), sql);
        assertTrue(doc.get("statements").get(0).get("seq").asLong() < doc.get("statements").get(1).get("seq").asLong());

        Rift none = Rift.run("schema-diff", "sd-untouched", "--upstream", fixture.url);
        assertEquals(List.of("-- schema changes of branch sd-untouched against main: 0 statements"),
                none.out().lines().toList());
        Rift unknown = Rift.run("schema-diff", "sd-nope", "--upstream", fixture.url);
        assertEquals(1, unknown.exitCode());
        assertTrue(unknown.err().contains("\"sd-nope\" does not exist"), unknown.err());
    }

    @Test
    void aBranchMadeFromAMigratedBranchShowsOnlyItsOwnDdlAgainstItsParentAndDiffsResetsAndDeletes() throws Exception {
        assertEquals(0, Rift.run("create", "sd-staging", "--upstream", fixture.url).exitCode());
        try (RiftServer rift = RiftServer.start(ProxyConfig.of("127.0.0.1", 0, UpstreamUrl.parse(fixture.url)))) {
            try (Connection c = branch(rift, "sd-staging"); Statement st = c.createStatement()) {
                for (String ddl : MIGRATION) {
                    st.execute(ddl);
                }
                st.execute("INSERT INTO labels (account_id, label) VALUES (1, 'rent'), (2, 'food')");
            }
            Rift create = Rift.run("create", "sd-pr", "--from", "sd-staging", "--upstream", fixture.url);
            assertEquals(0, create.exitCode(), create.err());
            try (Connection c = branch(rift, "sd-pr"); Statement st = c.createStatement()) {
                st.execute("ALTER TABLE labels ADD COLUMN color text");
                st.execute("INSERT INTO labels (account_id, label, color) VALUES (3, 'fun', 'red')");
            }
        }
        Rift schemaDiff = Rift.run("schema-diff", "sd-pr", "--upstream", fixture.url);
        assertEquals(0, schemaDiff.exitCode(), schemaDiff.err());
        assertEquals(List.of("-- schema changes of branch sd-pr against sd-staging: 1 statement",
                "ALTER TABLE labels ADD COLUMN color text;"), schemaDiff.out().lines().toList());
        JsonNode diff = new ObjectMapper().readTree(Rift.run("diff", "sd-pr", "--format", "json", "--upstream", fixture.url)
                .out());
        assertEquals("sd-staging", diff.get("against").asText(), diff.toString());
        assertTrue(diff.toString().contains("\"fun\""), "the child's new row is in its diff: " + diff);
        assertEquals(0, Rift.run("reset", "sd-pr", "--upstream", fixture.url).exitCode());
        Rift afterReset = Rift.run("schema-diff", "sd-pr", "--upstream", fixture.url);
        assertEquals(List.of("-- schema changes of branch sd-pr against sd-staging: 0 statements"),
                afterReset.out().lines().toList());
        Rift delete = Rift.run("delete", "sd-staging", "--force", "--upstream", fixture.url);
        assertEquals(0, delete.exitCode(), delete.err());
        try (Connection u = fixture.pg.connect(fixture.db); Statement st = u.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM rift.layer_schemas ls JOIN rift.layers l"
                     + " ON l.id = ls.layer_id WHERE NOT EXISTS (SELECT 1 FROM rift.branches b WHERE b.top_layer = l.id)"
                     + " AND NOT EXISTS (SELECT 1 FROM rift.layers a WHERE a.below = l.id)")) {
            rs.next();
            assertEquals(0, rs.getLong(1), "own schemas of layers no branch reaches");
        }
    }

    private static Connection branch(RiftServer rift, String name) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", fixture.pg.user());
        p.setProperty("password", fixture.pg.password());
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + rift.port() + "/" + name, p);
    }

    private static List<String> columns(Statement st) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = st.executeQuery("SELECT table_name, column_name, data_type, column_default, is_nullable"
                + " FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1, ordinal_position")) {
            while (rs.next()) {
                out.add(rs.getString(1) + "." + rs.getString(2) + " " + rs.getString(3) + " " + rs.getString(4)
                        + " " + rs.getString(5));
            }
        }
        return out;
    }
}
