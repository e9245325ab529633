package io.tetherdb.sample;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.tetherdb.TetherDB;
import io.tetherdb.query.Filter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * End to end: the starter's data console, enabled by the sample's {@code application.properties}
 * and read-only as it is there, on the demo data, in headless Debian Chromium under the app's
 * Content-Security-Policy. It browses the store and a collection, pages, filters (a bad filter shows
 * its error where it is), explains, aggregates, shows a document whose values are HTML as text, and
 * has a write refused by the server. The screenshot {@code target/console.png} is the README's
 * {@code docs/console.png} (copied by hand when the page changes). Skipped only when Chromium or chromedriver is missing, as
 * {@link DashboardBrowserIntegrationTests} is.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "tetherdb.in-memory=true", "sample.demo=true", "sample.demo-when-empty=false" })
class ConsoleBrowserIntegrationTests {

    private static HeadlessChromium browser;

    private static String unavailable;

    @Value("${local.server.port}")
    private int port;

    @Autowired
    private TetherDB db;

    @BeforeAll
    static void startBrowser(@TempDir Path profile) {
        unavailable = HeadlessChromium.unavailable();
        if (unavailable == null) {
            browser = HeadlessChromium.start(profile);
        }
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @BeforeEach
    void openConsole() {
        assumeTrue(unavailable == null, unavailable);
        browser.driver.get("http://localhost:" + this.port + "/tetherdb-console/");
        browser.waiting().until((d) -> "true".equals(browser.script("return document.body.dataset.ready"))
                && !browser.rows("collections").isEmpty());
    }

    @Test
    void showsTheStoreAndItsCollections() {
        assertThat(browser.find("store-health").getText()).startsWith("UP");
        assertThat(browser.find("store-path").getText()).isEqualTo("in memory");
        assertThat(browser.find("mode").getText()).isEqualTo("read-only");
        WebElement readings = collectionRow("readings");
        List<WebElement> cells = readings.findElements(By.tagName("td"));
        assertThat(cells.get(1).getText()).isEqualTo("2,880");
        assertThat(cells.get(2).getText()).as("expiring readings").isEqualTo("2,880");
        assertThat(cells.get(3).getText()).contains("sensorId_1_ts_1", "{\"sensorId\":1,\"ts\":1}", "2,880 entries");
        assertThat(collectionRow("sensors").findElements(By.tagName("td")).get(1).getText()).isEqualTo("6");
        assertThat(noViolations()).isTrue();
    }

    @Test
    void pagesThroughACollection() {
        openCollection("readings");
        assertThat(browser.rows("results")).hasSize(25);
        assertThat(browser.find("result-summary").getText()).isEqualTo("1–25 of 2,880 matching documents");
        String first = browser.rows("results").get(0).getText();

        browser.find("next-page").click();
        browser.waiting().until((d) -> browser.find("result-summary").getText().startsWith("26–50 of 2,880"));
        assertThat(browser.rows("results").get(0).getText()).isNotEqualTo(first);

        browser.find("prev-page").click();
        browser.waiting().until((d) -> browser.find("result-summary").getText().startsWith("1–25 of"));
        assertThat(browser.rows("results").get(0).getText()).isEqualTo(first);
        assertThat(browser.find("prev-page").isEnabled()).isFalse();
    }

    @Test
    void filtersSortsAndOpensADocumentAsATree() throws Exception {
        openCollection("readings");
        String filter = "{sensorId: 'office-co2', value: {$gt: 900}}";
        long expected = this.db.collection("readings").count(Filter.parse(filter));
        assertThat(expected).isPositive();

        browser.type("filter", filter);
        browser.type("sort", "{value: -1}");
        new Select(browser.find("page-size")).selectByVisibleText("10");
        browser.find("run-query").click();
        browser.waiting().until((d) -> browser.find("result-summary").getText()
            .equals("1–10 of " + String.format("%,d", expected) + " matching documents"));
        assertThat(browser.rows("results")).hasSize(10);

        int sensorColumn = column("sensorId");
        int valueColumn = column("value");
        double previous = Double.MAX_VALUE;
        for (WebElement row : browser.rows("results")) {
            List<WebElement> cells = row.findElements(By.tagName("td"));
            assertThat(cells.get(sensorColumn).getText()).isEqualTo("office-co2");
            double value = Double.parseDouble(cells.get(valueColumn).getText());
            assertThat(value).isGreaterThan(900).isLessThanOrEqualTo(previous);
            previous = value;
        }
        assertThat(browser.find("query-error").isDisplayed()).isFalse();

        browser.rows("results").get(0).click();
        browser.waiting().until((d) -> browser.find("document-section").isDisplayed());
        assertThat(browser.find("document-tree").getText()).contains("sensorId: \"office-co2\"", "value:", "double");
        assertThat(browser.find("document-json").getText()).contains("\"sensorId\" : \"office-co2\"");
        browser.find("explain-query").click();
        browser.waiting().until((d) -> browser.find("plan").isDisplayed());
        // the README's docs/console.png is a copy of this one
        browser.fullPageScreenshot("console.png");
        assertThat(noViolations()).isTrue();
    }

    @Test
    void aBadFilterShowsItsErrorWhereItIs() throws Exception {
        openCollection("readings");
        browser.type("filter", "{sensorId: 'office-co2', value: }");
        browser.find("run-query").click();
        browser.waiting().until((d) -> browser.find("query-error").isDisplayed());
        assertThat(browser.find("query-error-text").getText()).startsWith("Invalid filter (400): Malformed filter");
        assertThat(browser.find("query-error-position").getText())
            .isEqualTo("{sensorId: 'office-co2', value: }\n" + " ".repeat(32) + "^  at line 1, column 33");
        assertThat(browser.rows("results")).isEmpty();
        browser.screenshot("console-error.png");

        browser.type("filter", "{value: {$foo: 1}}");
        browser.find("run-query").click();
        browser.waiting().until((d) -> browser.find("query-error-text").getText().contains("$foo"));
        assertThat(browser.find("query-error-position").getText())
            .isEqualTo("{value: {$foo: 1}}\n" + " ".repeat(9) + "^^^^  at character 10");
        // the caret is in the box too: the operator is selected
        assertThat(browser.script("return [document.activeElement.id, document.activeElement.selectionStart,"
                + " document.activeElement.selectionEnd].join()")).isEqualTo("filter,9,13");
    }

    @Test
    void explainShowsTheIndexThatServesAFilter() {
        openCollection("readings");
        browser.type("filter", "{sensorId: 'roof-solar', ts: {$gt: 0}}");
        browser.find("explain-query").click();
        browser.waiting().until((d) -> browser.find("plan").isDisplayed());
        assertThat(browser.find("plan-stage").getText()).isEqualTo("IXSCAN");
        assertThat(browser.find("plan-index").getText()).isEqualTo("sensorId_1_ts_1");
        assertThat(browser.find("plan-steps").getText()).contains("Read the index sensorId_1_ts_1 over",
                "to return 25.");
    }

    @Test
    void runsAnAggregationPipeline() {
        openCollection("readings");
        browser.type("pipeline", "[{$group: {_id: '$sensorId', n: {$sum: 1}}}, {$sort: {_id: 1}}]");
        browser.find("run-pipeline").click();
        browser.waiting().until((d) -> browser.find("pipeline-summary").getText().equals("6 result(s)"));
        assertThat(browser.find("pipeline-results").getText()).contains("_id: \"cellar-temp\"", "n: 480");
    }

    @AfterEach
    void dropNotes() {
        // the README's screenshot shows the demo data alone
        this.db.dropCollection("notes");
    }

    private void hostileNote() {
        this.db.collection("notes").save(Map.of("_id", "hostile", "title", "<script>window.pwned = 1</script>",
                "html", "<img src=x onerror=\"window.pwned = 2\">", "nested", Map.of("b", "<b>bold?</b>")));
        browser.find("refresh").click();
        browser.waiting().until((d) -> !browser.driver
            .findElements(By.cssSelector("#collections button[data-collection='notes']")).isEmpty());
    }

    @Test
    void valuesThatAreHtmlAreShownAsText() {
        hostileNote();
        openCollection("notes");
        WebElement row = browser.rows("results").get(0);
        assertThat(row.getText()).contains("<script>window.pwned = 1</script>", "<img src=x onerror=\"window.pwned = 2\">");
        row.click();
        browser.waiting().until((d) -> browser.find("document-section").isDisplayed());
        assertThat(browser.find("document-tree").getText()).contains("title: \"<script>window.pwned = 1</script>\"",
                "html: \"<img src=x onerror=\"window.pwned = 2\">\"", "b: \"<b>bold?</b>\"");
        assertThat(browser.find("document-json").getText()).contains("<script>window.pwned = 1</script>");
        assertThat(browser.script("return document.querySelectorAll('main img, main script, main b').length"))
            .isEqualTo(0L);
        assertThat(browser.script("return window.pwned === undefined")).isEqualTo(true);
        assertThat(noViolations()).isTrue();
    }

    @Test
    void theServerRefusesWritesOfAReadOnlyConsole() {
        hostileNote();
        openCollection("notes");
        assertThat(browser.find("new-document").isDisplayed()).isFalse();
        assertThat(browser.find("cleanup").isDisplayed()).isFalse();
        // what the page would send if it offered the write: the server refuses it all the same
        Object answer = browser.asyncScript("""
                const done = arguments[arguments.length - 1];
                const token = document.querySelector('meta[name="tetherdb-console-token"]').content;
                fetch('api/stores/tetherDB/collections/notes/documents', { method: 'POST',
                    headers: { 'X-TetherDB-Console-Token': token, 'Content-Type': 'application/json' },
                    body: "{_id: 'sneaky'}" })
                  .then((r) => r.json().then((body) => done(r.status + ' ' + body.title)));""");
        assertThat(answer).isEqualTo("403 Writes are off");
        assertThat(this.db.collection("notes").get("sneaky")).isEmpty();
    }

    private static WebElement collectionRow(String name) {
        return browser.driver.findElement(By.cssSelector("#collections tr[data-collection='" + name + "']"));
    }

    private static void openCollection(String name) {
        browser.driver.findElement(By.cssSelector("#collections button[data-collection='" + name + "']")).click();
        browser.waiting().until((d) -> browser.find("collection-name").getText().equals(name)
                && !browser.find("result-summary").getText().isEmpty());
    }

    private static int column(String name) {
        List<WebElement> headers = browser.driver.findElements(By.cssSelector("#results thead th"));
        for (int i = 0; i < headers.size(); i++) {
            if (headers.get(i).getText().equals(name)) {
                return i;
            }
        }
        throw new AssertionError("No column " + name);
    }

    private static boolean noViolations() {
        return ((List<?>) browser.script("return window.cspViolations")).isEmpty();
    }

}
