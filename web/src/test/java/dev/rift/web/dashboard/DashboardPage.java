package dev.rift.web.dashboard;

import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.util.List;

/**
 * The dashboard as a user sees it: what the tests read and click, by the page's ids and data attributes, each step
 * waiting for the page to show its result (the page polls the API every 5 s, so waits allow several polls).
 */
final class DashboardPage {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final WebDriver driver;
    private final String url;
    private final WebDriverWait wait;

    DashboardPage(WebDriver driver, String url) {
        this.driver = driver;
        this.url = url;
        this.wait = new WebDriverWait(driver, PATIENCE);
    }

    /** Loads the page (selecting {@code branch}, or main when null) and waits for its first list of branches. */
    DashboardPage open(String branch) {
        // From a blank page, so that a new fragment is a fresh load and not a hash change of the previous one.
        driver.get("about:blank");
        driver.get(branch == null ? url : url + "#branch=" + branch);
        waitForRow("main");
        return this;
    }

    DashboardPage open() {
        return open(null);
    }

    // ---------------------------------------------------------------- branch list

    static By row(String branch) {
        return By.cssSelector("#branch-rows tr[data-branch='" + branch + "']");
    }

    static By cell(String branch, String field) {
        return By.cssSelector("#branch-rows tr[data-branch='" + branch + "'] td[data-field='" + field + "']");
    }

    WebElement waitForRow(String branch) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(row(branch)));
    }

    void waitUntilGone(String branch) {
        wait.until(ExpectedConditions.numberOfElementsToBe(row(branch), 0));
    }

    /** The branch names in the order the tree lists them. */
    List<String> listedBranches() {
        return driver.findElements(By.cssSelector("#branch-rows tr")).stream()
                .map(tr -> tr.getAttribute("data-branch")).toList();
    }

    WebElement cellOf(String branch, String field) {
        return driver.findElement(cell(branch, field));
    }

    void waitForCellText(String branch, String field, String text) {
        wait.until(ExpectedConditions.textToBe(cell(branch, field), text));
    }

    void select(String branch) {
        driver.findElement(By.cssSelector("#branch-rows tr[data-branch='" + branch + "'] .branch-name")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#detail h2"), branch));
    }

    // ---------------------------------------------------------------- create form

    void create(String name, String parent) {
        WebElement input = driver.findElement(By.id("create-name"));
        input.clear();
        input.sendKeys(name);
        new Select(driver.findElement(By.id("create-parent"))).selectByValue(parent);
        driver.findElement(By.id("create-submit")).click();
    }

    /** The error or confirmation line at the top, once shown. */
    String notice() {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("notice-text"))).getText();
    }

    String waitForNoticeContaining(String text) {
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("notice-text"), text));
        return notice();
    }

    // ---------------------------------------------------------------- detail pane

    String connectionString() {
        return driver.findElement(By.id("conn-string")).getText();
    }

    /** Waits until the shown diff has been read from the API. */
    WebElement diff() {
        return wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#diff[data-state='loaded']")));
    }

    /** The "changed since loaded" note's Reload button, once the page noticed the branch's figures moved. */
    void reloadStaleDiff() {
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#diff-stale button"))).click();
    }

    /** The rows of one table's diff with operation {@code op} (insert, delete, update). */
    List<WebElement> diffRows(String table, String op) {
        return diff().findElements(By.cssSelector("section.diff-table[data-table='" + table + "'] tr[data-op='" + op + "']"));
    }

    WebElement waitForDiffRow(String table, String op) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(
                "#diff[data-state='loaded'] section.diff-table[data-table='" + table + "'] tr[data-op='" + op + "']")));
    }

    void waitForEmptyDiff() {
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#diff[data-state='loaded'] p.empty")));
    }

    /** A diff too large to fetch whole at once: its counts, and a button to load the rows. */
    void waitForLoadRowsOffer() {
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#diff[data-state='loaded'] #diff-load-rows")));
    }

    void loadRows() {
        driver.findElement(By.id("diff-load-rows")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#diff[data-state='loaded'] table.rows")));
    }

    /** Clicks an action button of the detail pane and accepts the confirmation(s) it asks for. */
    void clickAndConfirm(String buttonId, int confirmations) {
        driver.findElement(By.id(buttonId)).click();
        for (int i = 0; i < confirmations; i++) {
            wait.until(ExpectedConditions.alertIsPresent()).accept();
        }
    }

    // ---------------------------------------------------------------- token dialog

    void waitForTokenDialog() {
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token-input")));
    }

    void waitForTokenDialogSaying(String text) {
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("token-reason"), text));
        waitForTokenDialog();
    }

    void cancelTokenDialog() {
        driver.findElement(By.cssSelector("#token-dialog button[value='cancel']")).click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("token-input")));
    }

    /** Types the token into the dialog and submits it (what follows depends on the API's answer). */
    void enterToken(String token) {
        WebElement input = driver.findElement(By.id("token-input"));
        input.clear();
        input.sendKeys(token);
        driver.findElement(By.id("token-submit")).click();
    }

    WebDriverWait waiting() {
        return wait;
    }
}
