package io.tetherdb.sample;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.tetherdb.TetherDB;
import io.tetherdb.sample.live.LiveReadings;
import io.tetherdb.sample.reading.NewReading;
import io.tetherdb.sample.reading.ReadingStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * End to end, the dashboard's live updates: with the page open in headless Chromium (as in
 * {@link DashboardBrowserIntegrationTests}, under the app's Content-Security-Policy, skipped only
 * when Chromium or chromedriver is missing), a reading stored on the server appears at the top of
 * the recent readings without a reload, pushed as a server-sent event, and once it has expired and
 * the store's sweep removed it, it appears under the expired readings and is struck through above.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "tetherdb.in-memory=true", "sample.demo-when-empty=false" })
class LiveDashboardBrowserIntegrationTests {

    private static final Duration TIMEOUT = HeadlessChromium.TIMEOUT;

    private static HeadlessChromium browser;

    private static String unavailable;

    @Value("${local.server.port}")
    private int port;

    @Autowired
    private ReadingStore readings;

    @Autowired
    private LiveReadings live;

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
    void openDashboard() {
        assumeTrue(unavailable == null, unavailable);
        browser.driver.get("http://localhost:" + this.port + "/");
        wait(TIMEOUT).until((d) -> find("live").getText().equals("live") && this.live.connections() > 0);
    }

    @Test
    void newAndExpiredReadingsAppearWithoutAReload() throws Exception {
        Object page = script("return window.performance.timeOrigin");
        this.readings.add(new NewReading("live-1", "lab-temp", 21.5, "temperature", "C", "lab", null,
                List.of("live")), Duration.ofSeconds(1));

        WebElement fresh = wait(TIMEOUT).until((d) -> row("recent", "live-1"));
        assertThat(fresh.getAttribute("class")).as("added by the live stream, not a refresh").contains("fresh");
        assertThat(fresh.findElements(By.tagName("td")).get(1).getText()).isEqualTo("lab-temp");
        assertThat(fresh.findElements(By.tagName("td")).get(3).getText()).isEqualTo("21.5");

        Thread.sleep(1_200);
        assertThat(this.db.cleanup()).isEqualTo(1);

        WebElement expired = wait(TIMEOUT).until((d) -> row("expired", "live-1"));
        assertThat(expired.findElements(By.tagName("td")).get(1).getText()).isEqualTo("lab-temp");
        assertThat(find("expired-note").getText()).startsWith("1 expired since this page opened");
        wait(TIMEOUT).until((d) -> row("recent", "live-1").getAttribute("class").contains("gone"));

        assertThat(script("return window.performance.timeOrigin")).as("the same page, never reloaded").isEqualTo(page);
        assertThat((List<?>) script("return window.cspViolations")).as("violations of the policy").isEmpty();
    }

    private static WebElement row(String tableId, String id) {
        List<WebElement> rows = browser.driver.findElements(
                By.cssSelector("#" + tableId + " tbody tr[data-id='" + id + "']"));
        return rows.isEmpty() ? null : rows.get(0);
    }

    private static WebDriverWait wait(Duration timeout) {
        return new WebDriverWait(browser.driver, timeout);
    }

    private static WebElement find(String id) {
        return browser.find(id);
    }

    private static Object script(String script) {
        return browser.script(script);
    }
}
