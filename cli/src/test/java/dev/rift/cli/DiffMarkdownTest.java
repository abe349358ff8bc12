package dev.rift.cli;

import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import org.commonmark.Extension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.Node;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code rift diff --format markdown}, the pull-request summary the GitHub Action writes, pinned by golden files
 * (src/test/resources/diff/) for a real branch on real PostgreSQL: counts per table, the schema changes, the first
 * rows per table in a collapsed block, values with {@code |}, line breaks and HTML escaped. To accept a deliberate
 * change of format, run with {@code -Drift.golden.update=true} and review the files' diff.
 */
@ExtendWith(UpstreamExtension.class)
class DiffMarkdownTest {
    private static CliUpstream fixture;

    @BeforeAll
    static void branch(TestUpstream upstream) throws Exception {
        fixture = CliUpstream.served(upstream, st -> {
            st.execute("CREATE TABLE accounts (id int PRIMARY KEY, owner text NOT NULL, balance int NOT NULL)");
            st.execute("INSERT INTO accounts SELECT g, 'owner ' || g, 100 FROM generate_series(1, 25) g");
            st.execute("CREATE TABLE orders (id int PRIMARY KEY, account_id int NOT NULL REFERENCES accounts,"
                    + " note text)");
            st.execute("INSERT INTO orders SELECT g, g, NULL FROM generate_series(1, 20) g");
        });
        Rift create = Rift.run("create", "pr-7", "--upstream", fixture.url);
        assertEquals(0, create.exitCode(), create.err());
        try (Connection c = connect("pr-7"); Statement st = c.createStatement()) {
            st.execute("UPDATE accounts SET balance = balance + id WHERE id <= 3");
            st.execute("INSERT INTO accounts VALUES (31, E'a | b\\nsecond line <b>*bold*</b> `tick`', 0)");
            st.execute("DELETE FROM orders WHERE id = 7");
            st.execute("UPDATE orders SET note = 'C:\\temp\\|x' WHERE id = 8");
            st.execute("CREATE TABLE tags (id int PRIMARY KEY, label text)");
            st.execute("INSERT INTO tags VALUES (1, 'urgent'), (2, NULL)");
        }
    }

    @AfterAll
    static void drop() {
        fixture.close();
    }

    @Test
    void markdownSummarisesCountsSchemaChangesAndTheFirstRowsOfEachTable() throws Exception {
        assertMatchesGolden("diff/pr-7.md", "diff", "pr-7", "--format", "markdown");
    }

    @Test
    void markdownStatHasTheCountsAndHowManySchemaChangesButNoRowsOrSql() throws Exception {
        assertMatchesGolden("diff/pr-7-stat.md", "diff", "pr-7", "--format", "markdown", "--stat");
    }

    @Test
    void rowsSetsHowManyChangedRowsEachTableShows() throws Exception {
        assertMatchesGolden("diff/pr-7-rows-2.md", "diff", "pr-7", "--format", "markdown", "--rows", "2");
    }

    @Test
    void valuesShowLiterallyWhenGitHubFlavouredMarkdownRendersTheTable() {
        Rift diff = Rift.run("diff", "pr-7", "--format", "markdown", "--upstream", fixture.url);
        assertEquals(0, diff.exitCode(), diff.err());
        List<Extension> tables = List.of(TablesExtension.create());
        Node doc = Parser.builder().extensions(tables).build().parse(diff.out());
        String html = HtmlRenderer.builder().extensions(tables).build().render(doc);
        // One cell each: the | did not split the cell, the line break is a <br>, the HTML and Markdown are text.
        assertTrue(html.contains("<td>id=31, owner=a | b<br>second line &lt;b&gt;*bold*&lt;/b&gt; `tick`, balance=0</td>"),
                html);
        assertTrue(html.contains("<td>note: <em>NULL</em> → C:\\temp\\|x</td>"), html);
        assertEquals(4, html.split("<table>", -1).length - 1, "the summary and one table per changed table");
    }

    private static void assertMatchesGolden(String golden, String... args) throws IOException {
        String[] withUpstream = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
                java.util.stream.Stream.of("--upstream", fixture.url)).toArray(String[]::new);
        Rift diff = Rift.run(withUpstream);
        assertEquals(0, diff.exitCode(), diff.err());
        if (Boolean.getBoolean("rift.golden.update")) {
            Files.writeString(Path.of("src/test/resources").resolve(golden), diff.out());
        }
        try (InputStream in = DiffMarkdownTest.class.getResourceAsStream("/" + golden)) {
            assertNotNull(in, golden + " is missing: run with -Drift.golden.update=true to write it");
            assertEquals(new String(in.readAllBytes(), StandardCharsets.UTF_8), diff.out(), golden);
        }
    }

    private static Connection connect(String branch) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", fixture.pg.user());
        p.setProperty("password", fixture.pg.password());
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + fixture.rift.port() + "/" + branch, p);
    }
}
