package dev.rift.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** init, create, list, status and delete, run as a user runs them, against a real upstream. */
@ExtendWith(UpstreamExtension.class)
class BranchCommandsTest {
    private static CliUpstream fixture;

    @BeforeAll
    static void upstream(TestUpstream upstream) throws Exception {
        fixture = CliUpstream.of(upstream, st -> {
            st.execute("CREATE TABLE accounts (id int PRIMARY KEY, balance int NOT NULL)");
            st.execute("INSERT INTO accounts SELECT g, 100 FROM generate_series(1, 1000) g");
        });
    }

    @AfterAll
    static void drop() {
        fixture.close();
    }

    @Test
    void initIsIdempotentAndSaysWhatItDid() {
        Rift first = Rift.run("init", "--upstream", fixture.url);
        Rift second = Rift.run("init", "--upstream", fixture.url);
        assertEquals(0, first.exitCode(), first.err());
        assertEquals(0, second.exitCode(), second.err());
        assertTrue(second.out().contains("already installed"), second.out());
    }

    @Test
    void createdBranchesAppearInListWithTheirParent() throws Exception {
        assertEquals(0, Rift.run("create", "list-a", "--upstream", fixture.url).exitCode());
        Rift child = Rift.run("create", "list-b", "--from", "list-a", "--upstream", fixture.url);
        assertEquals(0, child.exitCode(), child.err());
        assertTrue(child.out().contains("created branch list-b from list-a"), child.out());

        JsonNode list = new ObjectMapper().readTree(Rift.run("list", "--json", "--upstream", fixture.url).out());
        List<String> pairs = new ArrayList<>();
        list.forEach(b -> pairs.add(b.get("name").asText() + "<-" + b.get("parent").asText()));
        assertTrue(pairs.contains("list-a<-main"), pairs.toString());
        assertTrue(pairs.contains("list-b<-list-a"), pairs.toString());
        list.forEach(b -> assertTrue(b.has("rows_changed") && b.has("bytes") && b.has("created"), b.toString()));
    }

    @Test
    void invalidBranchNamesAreRefusedWithAClearMessage() {
        for (String bad : List.of("PR-42", "-x", "a b", "x;drop table accounts", "ü", "a".repeat(64))) {
            Rift r = Rift.run("create", "--upstream", fixture.url, "--", bad);
            assertEquals(1, r.exitCode(), bad);
            assertTrue(r.err().contains("invalid branch name"), r.err());
        }
    }

    @Test
    void aBranchWithChildrenIsDeletedOnlyWithForce() {
        Rift.run("create", "del-parent", "--upstream", fixture.url);
        Rift.run("create", "del-child", "--from", "del-parent", "--upstream", fixture.url);
        Rift refused = Rift.run("delete", "del-parent", "--upstream", fixture.url);
        assertEquals(1, refused.exitCode());
        assertTrue(refused.err().contains("del-child"), "names the child: " + refused.err());

        Rift forced = Rift.run("delete", "del-parent", "--force", "--upstream", fixture.url);
        assertEquals(0, forced.exitCode(), forced.err());
        String listed = Rift.run("list", "--upstream", fixture.url).out();
        assertFalse(listed.contains("del-parent") || listed.contains("del-child"), listed);
    }

    @Test
    void creatingTheSameBranchTwiceFailsTheSecondTime() {
        assertEquals(0, Rift.run("create", "twice", "--upstream", fixture.url).exitCode());
        Rift again = Rift.run("create", "twice", "--upstream", fixture.url);
        assertEquals(1, again.exitCode());
        assertTrue(again.err().contains("twice"), again.err());
    }

    @Test
    void deletingAnUnknownBranchSaysSo() {
        Rift r = Rift.run("delete", "no-such-branch", "--upstream", fixture.url);
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("no-such-branch"), r.err());
    }

    @Test
    void statusReportsTheCatalogAndBranchTotals() {
        Rift.run("create", "status-a", "--upstream", fixture.url);
        Rift r = Rift.run("status", "--upstream", fixture.url);
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("catalog:   installed"), r.out());
        assertTrue(r.out().matches("(?s).*branches:  \\d+, .*"), r.out());
    }

    @Test
    void commandsWithoutAnUpstreamExplainHowToGiveOne() {
        Rift r = Rift.run("list", "--upstream", "");
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("RIFT_UPSTREAM"), r.err());
    }

    @Test
    void branchCommandsNeverChangeTheUpstreamTables() throws Exception {
        Rift.run("create", "untouched", "--upstream", fixture.url);
        Rift.run("delete", "untouched", "--upstream", fixture.url);
        try (Connection c = fixture.pg.connect(fixture.db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*), sum(balance) FROM accounts")) {
            rs.next();
            assertEquals(1000, rs.getLong(1));
            assertEquals(100_000, rs.getLong(2));
        }
    }
}
