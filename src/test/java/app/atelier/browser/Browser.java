package app.atelier.browser;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.test.context.junit.jupiter.SpringExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.LIST;

/**
 * A headless Chromium pointed at the application of a {@code @SpringBootTest(webEnvironment = RANDOM_PORT)} class.
 * Register it as a static {@code @RegisterExtension} field: it starts the browser with a fresh profile before the
 * first test, forgets all cookies before each test, saves a screenshot to {@code target/screenshots} when a test
 * fails, and quits after the class. It never waits by sleeping: every wait is for a condition.
 */
final class Browser implements BeforeEachCallback, AfterTestExecutionCallback, AfterAllCallback {

    private static final String CHROMIUM = "/usr/bin/chromium";

    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    private static final Duration WAIT = Duration.ofSeconds(20);

    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private ChromeDriver driver;

    private WebDriverWait wait;

    private Path profile;

    private String baseUrl;

    @Override
    public void beforeEach(ExtensionContext context) {
        if (driver == null) {
            start();
        }
        String port = SpringExtension.getApplicationContext(context).getEnvironment().getRequiredProperty("local.server.port");
        // Secure cookies are kept on http://localhost but not on http://127.0.0.1.
        baseUrl = "http://localhost:" + port;
        cdp("Network.clearBrowserCookies", Map.of());
        desktopViewport();
        cdp("Emulation.setEmulatedMedia", Map.of("features", List.of()));
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
        if (driver != null && context.getExecutionException().isPresent()) {
            Path saved = screenshot(context.getRequiredTestClass().getSimpleName() + "-" + context.getRequiredTestMethod().getName());
            System.err.println("Screenshot of the failed test: " + saved.toAbsolutePath() + " (at " + driver.getCurrentUrl() + ")");
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (driver != null) {
            driver.quit();
            driver = null;
        }
        if (profile != null) {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
            }
        }
    }

    private void start() {
        try {
            profile = Files.createTempDirectory("atelier-chromium-");
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-quic", "--lang=en-US", "--window-size=1280,900", "--user-data-dir=" + profile);
        options.setExperimentalOption("prefs", Map.of("credentials_enable_service", false,
                "profile.password_manager_enabled", false, "profile.password_manager_leak_detection", false));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER))
            .usingAnyFreePort()
            .build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        wait = new WebDriverWait(driver, WAIT);
    }

    ChromeDriver driver() {
        return driver;
    }

    String baseUrl() {
        return baseUrl;
    }

    /** Opens a path of the application, or an absolute URL, and returns when the page has loaded. */
    void open(String pathOrUrl) {
        driver.get(pathOrUrl.startsWith("/") ? baseUrl + pathOrUrl : pathOrUrl);
    }

    void reload() {
        WebElement page = driver.findElement(By.tagName("html"));
        driver.navigate().refresh();
        wait.until(left(page));
        waitForLoad();
    }

    /** The path of the current page, without query or fragment. */
    String path() {
        return URI.create(driver.getCurrentUrl()).getPath();
    }

    WebElement find(By locator) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(locator));
    }

    String text(By locator) {
        return find(locator).getText().strip();
    }

    Optional<WebElement> optional(By locator) {
        return driver.findElements(locator).stream().findFirst();
    }

    /** The current value of a form field, found by its id. */
    String value(String id) {
        return find(By.id(id)).getDomProperty("value");
    }

    void fill(String id, String value) {
        WebElement field = find(By.id(id));
        field.clear();
        field.sendKeys(value);
    }

    void check(String id) {
        WebElement box = find(By.id(id));
        if (!box.isSelected()) {
            box.click();
        }
    }

    /** Clicks a button that leaves the page (a form submission) and waits until the next page has loaded. */
    void submit(By button) {
        WebElement page = driver.findElement(By.tagName("html"));
        find(button).click();
        awaitNextPage(page);
    }

    /** Waits until the browser has left the page whose root element this is and the next page has loaded. */
    void awaitNextPage(WebElement page) {
        wait.until(left(page));
        waitForLoad();
    }

    Optional<Cookie> cookie(String name) {
        return Optional.ofNullable(driver.manage().getCookieNamed(name));
    }

    void deleteCookie(String name) {
        driver.manage().deleteCookieNamed(name);
    }

    Object script(String javascript, Object... arguments) {
        return driver.executeScript(javascript, arguments);
    }

    /** Runs a Chrome DevTools Protocol command, such as {@code Emulation.setEmulatedMedia}. */
    Map<String, Object> cdp(String command, Map<String, Object> parameters) {
        return driver.executeCdpCommand(command, parameters);
    }

    /** Lays pages out as on a screen this many CSS pixels wide, honouring the viewport meta tag as phones do. */
    void viewport(int width, int height) {
        cdp("Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", width < 600));
    }

    /** Back to the window's own size, 1280 pixels wide. */
    void desktopViewport() {
        cdp("Emulation.clearDeviceMetricsOverride", Map.of());
    }

    void colorScheme(String scheme) {
        cdp("Emulation.setEmulatedMedia", Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", scheme))));
    }

    /**
     * Checks the page at 375 and 1280 px wide, in light and dark mode (no button too faint to read, nothing wider than the
     * screen), and keeps full-page screenshots {@code <name>-<width>-<scheme>.png} to look at; {@code beforeScreenshot}
     * runs after each resize (to wait for images, say). Ends at the desktop size in light mode.
     */
    void checkLayout(String name, Runnable beforeScreenshot) {
        for (String scheme : List.of("light", "dark")) {
            colorScheme(scheme);
            assertThat(script(PageLayoutBrowserTests.UNREADABLE_BUTTONS)).as("buttons with too little contrast, %s, %s", name, scheme)
                .asInstanceOf(LIST)
                .isEmpty();
        }
        for (int width : List.of(375, 1280)) {
            viewport(width, 844);
            assertThat(script(PageLayoutBrowserTests.OVERFLOWING)).as("wider than %d px, %s", width, name).isEqualTo(false);
            long height = (Long) script("return document.documentElement.scrollHeight");
            for (String scheme : List.of("light", "dark")) {
                colorScheme(scheme);
                viewport(width, (int) height);
                beforeScreenshot.run();
                screenshot(name + "-" + width + "-" + scheme);
            }
            colorScheme("light");
        }
        desktopViewport();
    }

    /** Saves what the browser shows to {@code target/screenshots/<name>.png}. */
    Path screenshot(String name) {
        try {
            Path target = Files.createDirectories(SCREENSHOTS).resolve(name + ".png");
            Files.move(driver.getScreenshotAs(OutputType.FILE).toPath(), target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Whether the browser left the page whose root element this is. Like {@code ExpectedConditions.stalenessOf}, except
     * that Chrome sometimes answers for an element of a page being torn down with "Node with given id does not belong
     * to the document" instead of a stale element: that, too, means the page is gone.
     */
    private static ExpectedCondition<Boolean> left(WebElement page) {
        return driver -> {
            try {
                page.isEnabled();
                return false;
            }
            catch (StaleElementReferenceException ex) {
                return true;
            }
            catch (WebDriverException ex) {
                if (ex.getMessage() != null && ex.getMessage().contains("does not belong to the document")) {
                    return true;
                }
                throw ex;
            }
        };
    }

    private void waitForLoad() {
        wait.until(webDriver -> "complete".equals(driver.executeScript("return document.readyState")));
    }

}
