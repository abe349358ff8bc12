package dev.rift.web.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rift.cow.BranchSummary;
import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dashboard page in a real browser against a real rift (proxy + control API) over a real PostgreSQL: what it
 * lists, and that what a user does on it happens to the branches clients connect to.
 */
@ExtendWith(UpstreamExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardTest {
    private static final String ACCOUNTS = "public.accounts";

    private DashboardServer server;
    private HeadlessChromium browser;
    private DashboardPage page;

    @BeforeAll
    void start(TestUpstream pg) throws Exception {
        server = DashboardServer.start(pg, null,
                "CREATE TABLE accounts (id int PRIMARY KEY, owner text NOT NULL, balance int NOT NULL)",
                "INSERT INTO accounts SELECT i, 'owner ' || i, 100 * i FROM generate_series(1, 10) i");
        server.rift.engine().createBranch("staging", null);
        server.rift.engine().createBranch("staging-hotfix", "staging");
        browser = HeadlessChromium.start();
        page = new DashboardPage(browser.driver, server.pageUrl());
    }

    @AfterAll
    void stop() {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    @Test
    void pageListsEveryBranchUnderItsParentWithMainAtTheRoot() throws Exception {
        page.open();

        assertFalse(browser.driver.findElement(By.id("notice")).isDisplayed(), "no notice before anything happened");
        List<String> listed = page.listedBranches();
        assertEquals("main", listed.get(0), "main, the upstream, is the root of the tree");
        int staging = listed.indexOf("staging");
        assertTrue(staging > 0, "staging is listed: " + listed);
        assertEquals(staging + 1, listed.indexOf("staging-hotfix"), "the child follows its parent: " + listed);
        WebElement child = browser.driver.findElement(By.cssSelector("tr[data-branch='staging-hotfix'] .branch-name"));
        assertEquals("from staging", child.getAttribute("title"));
        assertTrue(child.getText().startsWith("└"), "drawn as a child: " + child.getText());

        BranchSummary summary = server.rift.engine().list().stream()
                .filter(b -> b.name().equals("staging")).findFirst().orElseThrow();
        assertEquals(String.valueOf(summary.rowsChanged()), page.cellOf("staging", "rows").getText());
        assertEquals(summary.bytes() + " bytes", page.cellOf("staging", "bytes").getAttribute("title"),
                "the exact size behind the human-readable one");
        assertEquals("0", page.cellOf("staging", "connections").getText());
        assertEquals("never", page.cellOf("staging", "activity").getText());

        try (Connection onMain = server.branch("main")) {
            page.waitForCellText("main", "connections", "1");
        }
    }

    @Test
    void underItsContentSecurityPolicyThePageWorksAndNothingIsBlocked() {
        page.open();
        page.waitForRow("staging-hotfix");
        JavascriptExecutor js = (JavascriptExecutor) browser.driver;
        js.executeScript("window.riftViolations = [];"
                + " document.addEventListener('securitypolicyviolation', e => window.riftViolations.push("
                + " e.violatedDirective + ' ' + e.blockedURI));");
        browser.driver.findElement(By.id("refresh")).click(); // the table is drawn again, styles and all
        page.select("staging-hotfix");
        page.waitForRow("staging-hotfix");
        String main = (String) js.executeScript("return getComputedStyle(document.querySelector("
                + "\"tr[data-branch='main'] td.name\")).paddingLeft");
        String child = (String) js.executeScript("return getComputedStyle(document.querySelector("
                + "\"tr[data-branch='staging-hotfix'] td.name\")).paddingLeft");
        assertTrue(Double.parseDouble(child.replace("px", "")) > Double.parseDouble(main.replace("px", "")),
                "a child is indented (its style set through CSSOM): " + main + " / " + child);
        assertEquals(List.of(), js.executeScript("return window.riftViolations"), "no CSP violation");
    }

    @Test
    void storageIsShownInBinaryUnitsWithOneDecimalBelowTen() {
        page.open();
        // The page's own formatting module, as the branch table uses it.
        Object shown = browser.driver.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                import('/assets/format.js').then((f) => done(
                    [0, 1023, 1536, 49152, 157286400, 5 * 1024 ** 3].map(f.bytes)));
                """);
        assertEquals(List.of("0 B", "1023 B", "1.5 KiB", "48 KiB", "150 MiB", "5.0 GiB"), shown);
    }

    @Test
    void aBranchCreatedFromThePageIsListedAndAcceptsConnectionsThroughTheProxy() throws Exception {
        page.open();
        page.create("pr-7", "main");

        page.waitForRow("pr-7");
        page.select("pr-7");
        String conn = page.connectionString();
        assertEquals("postgres://" + server.user() + "@127.0.0.1:" + server.proxyPort() + "/pr-7", conn,
                "the string names the proxy's own address");
        String sums = "SELECT count(*), sum(balance) FROM accounts";
        try (Connection branch = server.branch("pr-7"); Connection upstream = server.upstream()) {
            assertEquals(firstRow(upstream, sums), firstRow(branch, sums), "the new branch reads as main");
        }
    }

    @Test
    void theDiffShowsEachRowTheBranchChangedWithItsKeyAndValues() throws Exception {
        page.open();
        page.create("pr-diff", "main");
        page.waitForRow("pr-diff");
        page.waitForEmptyDiff();

        String oldBalance;
        try (Connection upstream = server.upstream()) {
            oldBalance = firstRow(upstream, "SELECT balance::text FROM accounts WHERE id = 3");
        }
        String newBalance;
        try (Connection branch = server.branch("pr-diff"); Statement st = branch.createStatement()) {
            st.executeUpdate("UPDATE accounts SET balance = balance + 50 WHERE id = 3");
            st.executeUpdate("INSERT INTO accounts VALUES (31, 'new owner', 0)");
            st.executeUpdate("DELETE FROM accounts WHERE id = 7");
            newBalance = firstRow(branch, "SELECT balance::text FROM accounts WHERE id = 3");

            // The poll picks up the branch's figures while this session is open on it.
            page.waitForCellText("pr-diff", "rows", "3");
            page.waitForCellText("pr-diff", "connections", "1");
        }
        page.reloadStaleDiff();

        WebElement update = page.waitForDiffRow(ACCOUNTS, "update");
        assertEquals("id=3", update.findElement(By.cssSelector("td.key")).getText());
        WebElement balance = update.findElement(By.cssSelector(".change[data-column='balance']"));
        assertEquals(oldBalance, balance.findElement(By.tagName("del")).getText());
        assertEquals(newBalance, balance.findElement(By.tagName("ins")).getText());
        WebElement insert = page.diffRows(ACCOUNTS, "insert").get(0);
        assertEquals("id=31", insert.findElement(By.cssSelector("td.key")).getText());
        assertTrue(insert.getText().contains("owner=new owner"), insert.getText());
        assertEquals("id=7", page.diffRows(ACCOUNTS, "delete").get(0).findElement(By.cssSelector("td.key")).getText());
        browser.screenshot("dashboard.png");

        browser.colorScheme("dark");
        try {
            String dark = browser.driver.findElement(By.tagName("body")).getCssValue("background-color");
            browser.screenshot("dashboard-dark.png");
            browser.colorScheme("light");
            assertNotEquals(dark, browser.driver.findElement(By.tagName("body")).getCssValue("background-color"),
                    "the page follows prefers-color-scheme");
        } finally {
            browser.colorScheme("light");
        }
    }

    @Test
    void theBranchSchemaChangesAreListedWithTheRowsTheyGaveNewColumns() throws Exception {
        server.rift.engine().createBranch("pr-ddl", null);
        String ddl = "ALTER TABLE accounts ADD COLUMN note text";
        try (Connection branch = server.branch("pr-ddl"); Statement st = branch.createStatement()) {
            st.execute(ddl);
            st.executeUpdate("UPDATE accounts SET note = 'checked' WHERE id = 4");
        }

        page.open("pr-ddl");
        page.waitForDiffRow(ACCOUNTS, "update");

        List<String> statements = browser.driver.findElements(By.cssSelector("#diff .diff-schema li code")).stream()
                .map(WebElement::getText).toList();
        assertEquals(List.of(ddl), statements);
        WebElement id4 = page.diffRows(ACCOUNTS, "update").stream()
                .filter(r -> r.findElement(By.cssSelector("td.key")).getText().equals("id=4")).findFirst().orElseThrow();
        WebElement note = id4.findElement(By.cssSelector(".change[data-column='note']"));
        assertEquals("(none)", note.findElement(By.cssSelector(".muted")).getText(), "main has no such column");
        assertEquals("checked", note.findElement(By.tagName("ins")).getText());
        browser.screenshot("dashboard-schema.png");
    }

    @Test
    void aLargeDiffShowsItsCountsFirstAndItsFirstRowsOnRequest() throws Exception {
        server.rift.engine().createBranch("pr-bulk", null);
        int inserted;
        try (Connection branch = server.branch("pr-bulk"); Statement st = branch.createStatement()) {
            inserted = st.executeUpdate(
                    "INSERT INTO accounts SELECT i, 'bulk ' || i, 0 FROM generate_series(1001, 7000) i");
        }

        page.open("pr-bulk");
        page.waitForLoadRowsOffer();
        assertEquals(0, page.diffRows(ACCOUNTS, "insert").size(), "only counts so far");
        assertTrue(page.diff().getText().contains("+" + String.format(Locale.ENGLISH, "%,d", inserted)),
                page.diff().getText());

        page.loadRows();
        List<WebElement> shown = page.diffRows(ACCOUNTS, "insert");
        assertEquals(200, shown.size(), "the first 200 rows of the table are drawn");
        assertEquals("id=1001", shown.get(0).findElement(By.cssSelector("td.key")).getText(), "in key order");
        assertTrue(page.diff().getText().contains(String.format(Locale.ENGLISH, "%,d more rows", inserted - 200)),
                page.diff().getText());
    }

    @Test
    void rowValuesAreShownAsTextNeverAsMarkup() throws Exception {
        String markup = "<img src=x onerror=\"document.title='pwned'\">";
        server.rift.engine().createBranch("pr-markup", null);
        try (Connection branch = server.branch("pr-markup");
             var ps = branch.prepareStatement("UPDATE accounts SET owner = ? WHERE id = 1")) {
            ps.setString(1, markup);
            assertEquals(1, ps.executeUpdate());
        }

        page.open("pr-markup");
        WebElement update = page.waitForDiffRow(ACCOUNTS, "update");

        assertEquals(markup, update.findElement(By.cssSelector(".change[data-column='owner'] ins")).getText());
        assertEquals(0, browser.driver.findElements(By.cssSelector("#diff img")).size());
        assertNotEquals("pwned", browser.driver.getTitle());
    }

    @Test
    void resettingFromThePageDiscardsTheBranchChanges() throws Exception {
        server.rift.engine().createBranch("pr-reset", null);
        try (Connection branch = server.branch("pr-reset"); Statement st = branch.createStatement()) {
            st.executeUpdate("UPDATE accounts SET balance = 999 WHERE id = 2");
        }
        page.open("pr-reset");
        page.waitForDiffRow(ACCOUNTS, "update");

        page.clickAndConfirm("reset-branch", 1);

        page.waitForEmptyDiff();
        page.waitForCellText("pr-reset", "rows", "0");
        String query = "SELECT balance::text FROM accounts WHERE id = 2";
        try (Connection branch = server.branch("pr-reset"); Connection upstream = server.upstream()) {
            assertEquals(firstRow(upstream, query), firstRow(branch, query));
        }
    }

    @Test
    void deletingABranchWithChildrenAsksAgainAndRemovesBoth() {
        server.rift.engine().createBranch("pr-del", null);
        server.rift.engine().createBranch("pr-del-child", "pr-del");
        page.open("pr-del");
        page.diff();

        // First the "Delete pr-del?" question, then, as the API answers 409 has_children, "and its children?".
        page.clickAndConfirm("delete-branch", 2);

        page.waitUntilGone("pr-del");
        page.waitUntilGone("pr-del-child");
        assertTrue(page.notice().contains("pr-del-child"), page.notice());
        SQLException refused = assertThrows(SQLException.class, () -> server.branch("pr-del").close());
        assertEquals("3D000", refused.getSQLState(), "the proxy no longer knows the branch");
    }

    @Test
    void whenTheApiRefusesACreateThePageShowsItsMessage() throws Exception {
        page.open();

        page.create("Bad Name", "main");
        assertEquals(apiErrorMessage("{\"name\":\"Bad Name\",\"parent\":\"main\"}"), page.waitForNoticeContaining("Bad Name"));

        page.create("staging", "main");
        assertEquals(apiErrorMessage("{\"name\":\"staging\",\"parent\":\"main\"}"),
                page.waitForNoticeContaining("staging"));
        browser.screenshot("dashboard-error.png");
    }

    /** What the API itself answers to a create with {@code body}: the message of its JSON error. */
    private String apiErrorMessage(String body) throws Exception {
        HttpResponse<String> res = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(server.apiUrl("/api/branches")))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(res.statusCode() >= 400, "the API refuses " + body + ": " + res.body());
        return new ObjectMapper().readTree(res.body()).path("error").path("message").asText();
    }

    private static String firstRow(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            assertTrue(rs.next(), sql);
            StringBuilder row = new StringBuilder();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                row.append(i > 1 ? "|" : "").append(rs.getString(i));
            }
            return row.toString();
        }
    }
}
