package dev.rift.web.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The page against an API started with --http-token: it asks once per tab and sends the token as a bearer. */
@ExtendWith(UpstreamExtension.class)
class DashboardTokenTest {
    private static final String TOKEN = "t0ken-for-the-dashboard";

    @Test
    void pageAsksForTheTokenUntilTheApiTakesItThenKeepsItForTheTab(TestUpstream pg) throws Exception {
        try (DashboardServer server = DashboardServer.start(pg, TOKEN, "CREATE TABLE t (id int PRIMARY KEY)");
             HeadlessChromium browser = HeadlessChromium.start()) {
            server.rift.engine().createBranch("guarded", null);
            DashboardPage page = new DashboardPage(browser.driver, server.pageUrl());
            browser.driver.get(server.pageUrl());

            page.waitForTokenDialog();
            browser.screenshot("dashboard-token.png");
            page.enterToken("not-the-token");
            page.waitForTokenDialogSaying("refused");
            page.enterToken(TOKEN);

            page.waitForRow("guarded");
            assertEquals(TOKEN, browser.driver.executeScript("return sessionStorage.getItem('rift.token')"));

            // A reload in the same tab lists the branches without asking again.
            browser.driver.navigate().refresh();
            page.waitForRow("guarded");
            assertTrue(browser.driver.findElements(By.cssSelector("#token-dialog[open]")).isEmpty(),
                    "no second question");
        }
    }

    @Test
    void decliningToGiveATokenShowsTheApiRefusalUntilRefreshAsksAgain(TestUpstream pg) throws Exception {
        try (DashboardServer server = DashboardServer.start(pg, TOKEN, "CREATE TABLE t (id int PRIMARY KEY)");
             HeadlessChromium browser = HeadlessChromium.start()) {
            server.rift.engine().createBranch("guarded", null);
            DashboardPage page = new DashboardPage(browser.driver, server.pageUrl());
            browser.driver.get(server.pageUrl());

            page.waitForTokenDialog();
            page.cancelTokenDialog();
            assertEquals(refusalWithoutToken(server), page.notice());

            browser.driver.findElement(By.id("refresh")).click();
            page.waitForTokenDialog();
            page.enterToken(TOKEN);
            page.waitForRow("guarded");
        }
    }

    /** The message of the API's own 401 to a request without a token. */
    private static String refusalWithoutToken(DashboardServer server) throws Exception {
        HttpResponse<String> res = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(server.apiUrl("/api/stats"))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, res.statusCode(), res.body());
        return new ObjectMapper().readTree(res.body()).path("error").path("message").asText();
    }
}
