package io.tetherdb.sample;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.tetherdb.PutOptions;
import io.tetherdb.TetherCollection;
import io.tetherdb.TetherDB;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * End to end, with {@code tetherdb.console.allow-writes=true}: the data console inserts, edits and
 * deletes a document, creates and drops an index and runs the expiry sweep, in headless Debian
 * Chromium under the app's Content-Security-Policy. Skipped only when Chromium or chromedriver is
 * missing, as {@link DashboardBrowserIntegrationTests} is.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "tetherdb.in-memory=true", "sample.demo-when-empty=false", "tetherdb.console.allow-writes=true" })
class ConsoleWritesBrowserIntegrationTests {

    private static HeadlessChromium browser;

    private static String unavailable;

    @Value("${local.server.port}")
    private int port;

    @Autowired
    private TetherDB db;

    private TetherCollection notes;

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
    void openNotes() {
        assumeTrue(unavailable == null, unavailable);
        this.notes = this.db.collection("notes");
        this.notes.save(Map.of("_id", "seed", "text", "first note"));
        browser.driver.get("http://localhost:" + this.port + "/tetherdb-console/");
        browser.waiting().until((d) -> "true".equals(browser.script("return document.body.dataset.ready"))
                && !browser.rows("collections").isEmpty());
        assertThat(browser.find("mode").getText()).isEqualTo("writes allowed");
        browser.driver.findElement(By.cssSelector("#collections button[data-collection='notes']")).click();
        browser.waiting().until((d) -> !browser.find("result-summary").getText().isEmpty());
    }

    @Test
    void insertsEditsAndDeletesADocument() {
        browser.find("new-document").click();
        browser.type("document-editor", "{_id: 'note-1', text: 'hello', tags: ['a', 'b']}");
        browser.find("save-document").click();
        browser.waiting().until((d) -> browser.find("document-status").getText().equals("Inserted note-1"));
        assertThat(this.notes.get("note-1").orElseThrow()).containsEntry("text", "hello");
        assertThat(browser.find("document-tree").getText()).contains("text: \"hello\"");

        browser.find("edit-document").click();
        assertThat(browser.find("document-editor").getDomProperty("value")).contains("\"text\" : \"hello\"");
        browser.type("document-editor", "{\"_id\": \"note-1\", \"text\": \"changed\"}");
        browser.find("save-document").click();
        browser.waiting().until((d) -> browser.find("document-status").getText().equals("Saved note-1"));
        assertThat(this.notes.get("note-1").orElseThrow()).containsEntry("text", "changed").doesNotContainKey("tags");

        browser.find("edit-document").click();
        browser.type("document-editor", "{\"_id\": \"note-1\", \"text\": ");
        browser.find("save-document").click();
        browser.waiting().until((d) -> browser.find("document-problem").isDisplayed());
        assertThat(browser.find("document-problem").getText()).startsWith("Invalid document (400)");
        assertThat(this.notes.get("note-1").orElseThrow()).containsEntry("text", "changed");

        browser.find("delete-document").click();
        browser.waiting().until((d) -> {
            try {
                d.switchTo().alert().accept();
                return true;
            }
            catch (org.openqa.selenium.NoAlertPresentException ex) {
                return false;
            }
        });
        browser.waiting().until((d) -> browser.find("document-status").getText().equals("Deleted note-1"));
        assertThat(this.notes.get("note-1")).isEmpty();
        assertThat(noViolations()).isTrue();
    }

    @Test
    void createsAndDropsAnIndex() {
        WebElement row = notesRow();
        row.findElement(By.className("index-keys")).sendKeys("{text: 1}");
        row.findElement(By.xpath(".//button[text()='Create index']")).click();
        browser.waiting().until((d) -> notesRow().getText().contains("text_1 {\"text\":1}"));
        browser.waiting().until((d) -> browser.find("store-status").getText()
            .equals("Created the index text_1 on notes"));
        assertThat(this.notes.listIndexes()).singleElement()
            .satisfies((index) -> assertThat(index.definition().name()).isEqualTo("text_1"));

        notesRow().findElement(By.xpath(".//button[text()='Drop']")).click();
        browser.waiting().until((d) -> !notesRow().getText().contains("text_1"));
        browser.waiting().until((d) -> browser.find("store-status").getText()
            .equals("Dropped the index text_1 of notes"));
        // a unique index the documents break is refused, and says why
        this.notes.put(Map.of("text", "first note"));
        notesRow().findElement(By.className("index-keys")).sendKeys("{text: 1}");
        notesRow().findElement(By.xpath(".//input[@type='checkbox']")).click();
        notesRow().findElement(By.xpath(".//button[text()='Create index']")).click();
        browser.waiting().until((d) -> browser.find("store-status").getText().startsWith("Duplicate key (409)"));
        assertThat(this.notes.listIndexes()).isEmpty();
    }

    @Test
    void runsTheExpirySweepAndSaysBackupsNeedADirectory() throws Exception {
        this.notes.put(Map.of("text", "short-lived"), PutOptions.id("brief").ttl(Duration.ofMillis(1)));
        Thread.sleep(20);
        browser.find("cleanup").click();
        browser.waiting().until((d) -> browser.find("store-status").getText().startsWith("Expiry sweep removed"));
        assertThat(browser.find("store-status").getText()).isEqualTo("Expiry sweep removed 1 document(s)");
        assertThat(browser.find("backup").isEnabled()).isFalse();
        assertThat(browser.find("backup").getDomAttribute("title")).contains("tetherdb.backup.directory");
    }

    private static WebElement notesRow() {
        return browser.driver.findElement(By.cssSelector("#collections tr[data-collection='notes']"));
    }

    private static boolean noViolations() {
        return ((java.util.List<?>) browser.script("return window.cspViolations")).isEmpty();
    }

}
