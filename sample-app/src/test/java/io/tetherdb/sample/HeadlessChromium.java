package io.tetherdb.sample;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Debian Chromium driven through the system's chromedriver (paths from the
 * {@code sample.chromium} and {@code sample.chromedriver} system properties), recording each
 * Content-Security-Policy violation of a page in {@code window.cspViolations}. Every browser test
 * of the sample app starts one per test class.
 */
final class HeadlessChromium implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(20);

    /**
     * Run by the browser before the page's own scripts, outside the page's policy: records each
     * Content-Security-Policy violation of the page.
     */
    private static final String RECORD_VIOLATIONS = """
            window.cspViolations = [];
            document.addEventListener('securitypolicyviolation',
                (e) => window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));""";

    private final ChromeDriverService service;

    final ChromeDriver driver;

    private HeadlessChromium(ChromeDriverService service, ChromeDriver driver) {
        this.service = service;
        this.driver = driver;
    }

    /** @return why the browser cannot be started here, or null if it can */
    static String unavailable() {
        String chromium = System.getProperty("sample.chromium", "/usr/bin/chromium");
        String chromedriver = System.getProperty("sample.chromedriver", "/usr/bin/chromedriver");
        if (!Files.isExecutable(Path.of(chromium)) || !Files.isExecutable(Path.of(chromedriver))) {
            return "Chromium or chromedriver is not installed at " + chromium + " and " + chromedriver
                    + " (apt-get install chromium chromium-driver)";
        }
        return null;
    }

    static HeadlessChromium start(Path profile) {
        return start(profile, 1500);
    }

    /** Starts it with a window 1280 pixels wide and {@code height} high (screenshots show that much). */
    static HeadlessChromium start(Path profile, int height) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getProperty("sample.chromium", "/usr/bin/chromium"));
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile.toAbsolutePath(), "--window-size=1280," + height);
        ChromeDriverService service = new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(System.getProperty("sample.chromedriver", "/usr/bin/chromedriver")))
            .usingAnyFreePort()
            .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(TIMEOUT);
        driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", RECORD_VIOLATIONS));
        return new HeadlessChromium(service, driver);
    }

    /** A wait that also outlasts an element the page replaced while it was read (the console redraws its lists). */
    WebDriverWait waiting() {
        WebDriverWait wait = new WebDriverWait(this.driver, TIMEOUT);
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    WebElement find(String id) {
        return this.driver.findElement(By.id(id));
    }

    List<WebElement> rows(String tableId) {
        return this.driver.findElements(By.cssSelector("#" + tableId + " tbody tr"));
    }

    Object script(String script) {
        return ((JavascriptExecutor) this.driver).executeScript(script.contains("return") ? script : "return " + script);
    }

    Object asyncScript(String script) {
        return ((JavascriptExecutor) this.driver).executeAsyncScript(script);
    }

    void type(String id, String text) {
        WebElement box = find(id);
        box.clear();
        box.sendKeys(text);
    }

    /** Saves a screenshot as {@code target/NAME} and returns its path. */
    Path screenshot(String name) throws Exception {
        File file = ((TakesScreenshot) this.driver).getScreenshotAs(OutputType.FILE);
        Path target = Path.of("target", name);
        Files.createDirectories(target.getParent());
        Files.copy(file.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        return target;
    }

    /** Saves a screenshot of the whole page, from its top, as {@code target/NAME} and returns its path. */
    Path fullPageScreenshot(String name) throws Exception {
        Dimension size = this.driver.manage().window().getSize();
        script("window.scrollTo(0, 0); return true;");
        long height = ((Number) script("return document.documentElement.scrollHeight")).longValue();
        this.driver.manage().window().setSize(new Dimension(size.getWidth(), (int) Math.min(4000, height + 150)));
        try {
            return screenshot(name);
        }
        finally {
            this.driver.manage().window().setSize(size);
        }
    }

    @Override
    public void close() {
        this.driver.quit();
        this.service.stop();
    }

}
