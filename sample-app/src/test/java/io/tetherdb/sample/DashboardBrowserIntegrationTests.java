package io.tetherdb.sample;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.tetherdb.query.Filter;
import io.tetherdb.sample.reading.ReadingStore;
import io.tetherdb.sample.web.Paging;
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
 * End to end: the application on a random port with the demo data set, and its dashboard in
 * headless Debian Chromium driven by Selenium through the system's chromedriver. It runs a filter
 * and checks the result table, checks that the chart drew the selected sensor's values, and shows
 * a refused filter's problem, all under the app's Content-Security-Policy, which the page must not
 * violate. Screenshots go to {@code target/dashboard*.png}. Skipped only when
 * Chromium or chromedriver is missing ({@code .ci/run} installs both); their paths come from the
 * {@code sample.chromium} and {@code sample.chromedriver} system properties.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "tetherdb.in-memory=true", "sample.demo=true", "sample.demo-when-empty=false" })
class DashboardBrowserIntegrationTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private static final String CHART_PIXELS = """
            const canvas = document.getElementById('chart');
            if (!window.Chart || !Chart.getChart(canvas)) return -1;
            const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
            let painted = 0;
            for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) painted++;
            return painted;""";

    /**
     * Run by the browser before the page's own scripts, outside the page's policy: records each
     * Content-Security-Policy violation of the page.
     */
    private static HeadlessChromium browser;

    private static String unavailable;

    @Value("${local.server.port}")
    private int port;

    @Autowired
    private ReadingStore readings;

    @BeforeAll
    static void startBrowser(@TempDir Path profile) {
        unavailable = HeadlessChromium.unavailable();
        if (unavailable == null) {
            browser = HeadlessChromium.start(profile, 1700);
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
        // the page runs its first query once everything else has loaded: a filter run before it
        // ends would have its rows replaced while the test reads them
        wait(TIMEOUT).until((d) -> !rows("recent").isEmpty() && find("health").getText().contains("UP")
                && !find("query-summary").getText().isEmpty());
    }

    @Test
    void filterShowsMatchingReadingsAndTheChartDrawsTheSensorsValues() throws Exception {
        String filter = "{sensorId: 'office-co2', value: {$gt: 900}}";
        long expected = this.readings.find(Filter.parse(filter), ReadingStore.RECENT_FIRST, new Paging(0, 1)).total();
        assertThat(expected).as("demo readings matching the filter").isPositive();

        runFilter(filter);
        wait(TIMEOUT).until((d) -> find("query-summary").getText().startsWith(expected + " matching readings"));

        List<WebElement> rows = rows("query-results");
        assertThat(rows).hasSize((int) Math.min(expected, 25));
        for (WebElement row : rows) {
            List<WebElement> cells = row.findElements(By.tagName("td"));
            assertThat(cells.get(1).getText()).isEqualTo("office-co2");
            assertThat(Double.parseDouble(cells.get(3).getText().replace(",", ""))).isGreaterThan(900);
            assertThat(cells.get(4).getText()).isEqualTo("ppm");
        }
        assertThat(find("query-error").isDisplayed()).isFalse();

        wait(TIMEOUT).until((d) -> ((Number) script(CHART_PIXELS)).longValue() > 0);
        long points = ((Number) script("return Chart.getChart(document.getElementById('chart')).data.datasets[0].data.length"))
            .longValue();
        assertThat(points).as("points drawn").isBetween(100L, 300L);
        assertThat(((Number) script(CHART_PIXELS)).longValue()).as("painted pixels of the chart").isGreaterThan(5_000);
        assertThat(find("chart-note").getText()).contains("480 readings");
        assertThat(find("sensor-cards").findElements(By.className("card"))).hasSize(6);
        assertThat(find("store-size").getText()).contains("2,880 readings", "6 sensors", "in memory");
        screenshot("dashboard.png");
    }

    @Test
    void choosingAnotherSensorRedrawsTheChart() {
        wait(TIMEOUT).until((d) -> ((Number) script(CHART_PIXELS)).longValue() > 0);

        browser.driver.findElement(By.cssSelector(".card[data-sensor='roof-solar']")).click();

        wait(TIMEOUT).until((d) -> script("return Chart.getChart(document.getElementById('chart')).data.datasets[0].label")
            .toString().startsWith("roof-solar"));
        assertThat(find("sensor-select").getDomProperty("value")).isEqualTo("roof-solar");
    }

    @Test
    void dashboardWorksWithinItsContentSecurityPolicy() {
        wait(TIMEOUT).until((d) -> ((Number) script(CHART_PIXELS)).longValue() > 0);
        assertThat(find("store-size").getText()).contains("readings");
        assertThat((List<?>) script("return window.cspViolations")).as("violations of the policy").isEmpty();

        // the policy is in force: a script the app did not serve does not run
        script("""
                const inline = document.createElement('script');
                inline.textContent = 'window.inlineRan = true';
                document.head.append(inline);
                return true;""");
        wait(TIMEOUT).until((d) -> !((List<?>) script("return window.cspViolations")).isEmpty());
        assertThat(script("return window.inlineRan === true")).isEqualTo(false);
        assertThat((List<?>) script("return window.cspViolations")).singleElement().asString().startsWith("script-src");
    }

    @Test
    void invalidFilterShowsTheProblemAndNoResults() throws Exception {
        runFilter("{value: {$foo: 1}}");

        wait(TIMEOUT).until((d) -> find("query-error").isDisplayed());
        assertThat(find("query-error").getText()).contains("Invalid query (400)", "Unknown operator $foo on field 'value'");
        assertThat(rows("query-results")).isEmpty();
        screenshot("dashboard-error.png");
    }

    private void runFilter(String filter) {
        WebElement box = find("filter");
        box.clear();
        box.sendKeys(filter);
        find("run-query").click();
    }

    private static WebDriverWait wait(Duration timeout) {
        return new WebDriverWait(browser.driver, timeout);
    }

    private static WebElement find(String id) {
        return browser.find(id);
    }

    private static List<WebElement> rows(String tableId) {
        return browser.rows(tableId);
    }

    private static Object script(String script) {
        return browser.script(script);
    }

    private static void screenshot(String name) throws Exception {
        browser.screenshot(name);
    }
}
