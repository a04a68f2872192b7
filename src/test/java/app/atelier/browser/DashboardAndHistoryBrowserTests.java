package app.atelier.browser;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

import app.atelier.account.Account;
import app.atelier.account.Accounts;
import app.atelier.account.Registration;
import app.atelier.generation.Generation;
import app.atelier.generation.GenerationRequest;
import app.atelier.generation.Generations;
import app.atelier.provider.gemini.web.FakeGeminiWebServer;
import app.atelier.support.FakeUpstreams;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

/** The dashboard and the history page in a real browser, after generations against the fake Gemini upstreams. */
@SpringBootTest(webEnvironment = RANDOM_PORT, properties = "atelier.quota.tiers.free.per-minute=100")
class DashboardAndHistoryBrowserTests {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private static final String PASSWORD = "violet otter marmalade";

    private static final String PSID = "test-psid-history";

    private static final String PSIDTS = "test-psidts-history";

    /** The fake web app holds its answer to this prompt for 30 s: long enough to watch a card change by itself. */
    private static final String STALLING = "a harbour that takes its time [fake:stall]";

    @RegisterExtension
    static final FakeUpstreams fakes = new FakeUpstreams();

    private static final FakeGeminiWebServer web = fakes.web();

    static {
        web.signIn(PSID, PSIDTS);
    }

    @RegisterExtension
    static final Browser browser = new Browser();

    @DynamicPropertySource
    static void pointAtTheFakes(DynamicPropertyRegistry registry) {
        fakes.pointApplicationAt(registry);
    }

    @Autowired
    Accounts accounts;

    @Autowired
    Generations generations;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aNewPersonFindsFriendlyEmptyStatesOnTheDashboardAndInTheHistory() {
        String name = "fresh" + SEQUENCE.incrementAndGet();
        browser.open("/register");
        browser.fill("username", name);
        browser.fill("email", name + "@example.com");
        browser.fill("password", PASSWORD);
        browser.check("acceptTerms");
        browser.submit(By.cssSelector("form[action$='/register'] button[type=submit]"));

        assertThat(browser.path()).isEqualTo("/");
        assertThat(browser.text(By.tagName("h1"))).isEqualTo("Hello, " + name);
        assertThat(browser.text(By.id("today-count"))).isEqualTo("0 of 20 images today · resets at 00:00 UTC");
        assertThat(browser.text(By.id("usage-summary"))).isEqualTo("No images in the last 30 days yet.");
        assertThat(browser.text(By.cssSelector(".panel-credentials .empty"))).startsWith("No credentials yet.");
        assertThat(browser.find(By.id("quick-prompt")).isEnabled()).isFalse();
        checkLayout("dashboard-new");

        browser.submit(By.linkText("History"));
        assertThat(browser.path()).isEqualTo("/history");
        assertThat(browser.text(By.id("history-empty-title"))).isEqualTo("Nothing yet — make your first image");
        checkLayout("history-new");
        browser.submit(By.linkText("Make your first image"));
        assertThat(browser.path()).isEqualTo("/generate");
    }

    @Test
    void afterGenerationsTheDashboardAndTheHistoryShowWhatHappened() {
        Account account = registered("maker");
        signIn(account.username());
        addApiKey();
        browser.open("/");
        assertThat(browser.find(By.id("quick-prompt")).isEnabled()).isTrue();
        browser.fill("quick-prompt", "A lighthouse at dusk, waves below");
        browser.submit(By.cssSelector(".quick-generate button[type=submit]"));
        assertThat(browser.path()).isEqualTo("/generate");
        until(driver -> driver.findElements(By.cssSelector("#jobs .job.job-succeeded")).stream().findFirst().orElse(null));
        Generation refused = generations.submit(account.id(), new GenerationRequest("A forbidden garden [block:SAFETY]", null, "16:9", "watercolour", 2));
        awaitEnd(account, refused.id());

        browser.submit(By.linkText("Home"));
        assertThat(browser.text(By.id("today-count"))).isEqualTo("1 of 20 images today · resets at 00:00 UTC");
        assertThat(browser.find(By.cssSelector("progress.meter")).getDomProperty("value")).isEqualTo("1");
        assertThat(browser.text(By.id("usage-summary"))).startsWith("1 image in the last 30 days; the most on ");
        assertThat(browser.text(By.id("total-images"))).isEqualTo("1");
        assertThat(browser.driver().findElements(By.cssSelector(".usage-chart rect.chart-bar"))).hasSize(30);
        assertThat(browser.driver().findElements(By.cssSelector(".usage-chart rect.chart-bar-today"))).hasSize(1);
        assertThat(browser.text(By.cssSelector("#state-gemini-api .badge"))).isEqualTo("valid");
        assertThat(browser.driver().findElements(By.cssSelector(".recent-images img"))).hasSize(1);
        awaitImagesLoaded(".recent-images img");
        checkLayout("dashboard");

        browser.submit(By.linkText("History"));
        List<WebElement> cards = browser.driver().findElements(By.cssSelector("#history-jobs .job"));
        assertThat(cards).hasSize(2);
        assertThat(cards.get(0).getDomAttribute("id")).isEqualTo("job-" + refused.id());
        assertThat(cards.get(0).findElement(By.cssSelector(".job-status")).getText()).isEqualTo("Failed");
        assertThat(cards.get(0).findElement(By.cssSelector(".job-params")).getText()).isEqualTo("16:9 · Watercolour · 2 images · API key");
        assertThat(cards.get(0).findElement(By.cssSelector(".job-error")).getText()).startsWith("Gemini answered without an image").contains("SAFETY");
        assertThat(cards.get(1).findElement(By.cssSelector(".job-status")).getText()).isEqualTo("Done");
        assertThat(cards.get(1).findElement(By.cssSelector(".job-prompt")).getText()).isEqualTo("A lighthouse at dusk, waves below");
        awaitImagesLoaded("#history-jobs .job-images img");
        checkLayout("history");

        browser.submit(By.linkText("Failed"));
        assertThat(browser.driver().findElements(By.cssSelector("#history-jobs .job"))).hasSize(1);
        assertThat(browser.find(By.cssSelector(".filters a[aria-current=page]")).getText()).isEqualTo("Failed");
        browser.submit(By.cssSelector("#job-" + refused.id() + " form[action$='/retry'] button"));
        assertThat(browser.path()).isEqualTo("/generate");
        assertThat(browser.text(By.cssSelector(".flash-success"))).isEqualTo("Sent again — your 2 images are on their way.");
        Generation again = generations.recent(account.id(), 1).get(0);
        assertThat(again.id()).isNotEqualTo(refused.id());
        assertThat(again.prompt()).isEqualTo(refused.prompt());
        assertThat(browser.optional(By.id("job-" + again.id()))).isPresent();
    }

    @Test
    void loadsOlderGenerationsInPlaceAndFollowsUnfinishedOnesLive() {
        Account account = registered("older");
        for (int i = 1; i <= 25; i++) {
            oldRow(account, "an old idea, number " + i);
        }
        signIn(account.username());
        addWebCookies();
        Generation running = generations.submit(account.id(), new GenerationRequest(STALLING, null, null, null, null));

        browser.open("/history");
        assertThat(browser.driver().findElements(By.cssSelector("#history-jobs .job"))).hasSize(20);
        browser.script("window.stillTheSamePage = true");
        browser.find(By.linkText("Load more")).click();
        until(driver -> driver.findElements(By.cssSelector("#history-jobs .job")).size() == 26);
        assertThat(browser.optional(By.linkText("Load more"))).isEmpty();
        assertThat(browser.script("return window.stillTheSamePage === true")).as("no reload").isEqualTo(true);
        assertThat(browser.text(By.id("job-updates"))).isEqualTo("6 more generations loaded.");
        assertThat(browser.script(PageLayoutBrowserTests.OVERFLOWING)).isEqualTo(false);

        until(driver -> "Generating".equals(driver.findElement(By.cssSelector("#job-" + running.id() + " .job-status")).getText()));
        generations.cancel(account.id(), running.id());
        until(driver -> driver.findElements(By.cssSelector("#job-" + running.id() + ".job-cancelled")).stream().findFirst().orElse(null));
        assertThat(browser.text(By.cssSelector("#job-" + running.id() + " .job-status"))).isEqualTo("Cancelled");
        assertThat(browser.script("return window.stillTheSamePage === true")).as("still no reload").isEqualTo(true);
    }

    /** Checks the page's layout at phone and desktop widths, light and dark, and keeps screenshots of it. */
    private static void checkLayout(String state) {
        browser.checkLayout("DashboardAndHistoryBrowserTests-" + state, () -> { });
    }

    private static void awaitImagesLoaded(String selector) {
        until(driver -> Boolean.TRUE.equals(browser.script(
                "return [...document.querySelectorAll(arguments[0])].every(img => img.complete && img.naturalWidth > 0)", selector)));
    }

    private void awaitEnd(Account account, long id) {
        until(driver -> generations.find(account.id(), id).orElseThrow().status().terminal());
    }

    /** A finished generation of yesterday, written straight into the table: older than anything made in the test. */
    private void oldRow(Account account, String prompt) {
        long yesterday = Instant.now().minus(Duration.ofDays(1)).toEpochMilli();
        jdbc.sql("""
                INSERT INTO generation_jobs (account_id, status, prompt, provider, aspect_ratio, count, quota_day, attempts,
                    error_code, error_message, created_at, started_at, finished_at)
                VALUES (:account, 'failed', :prompt, 'gemini-api', '1:1', 1, '2026-03-10', 1, 'timeout',
                    'Google did not answer in time. Try again; fewer images or a shorter prompt may help.', :at, :at, :at)""")
            .param("account", account.id())
            .param("prompt", prompt)
            .param("at", yesterday)
            .update();
    }

    private static <T> T until(ExpectedCondition<T> condition) {
        return new WebDriverWait(browser.driver(), Duration.ofSeconds(20)).until(condition);
    }

    private static void addApiKey() {
        browser.open("/credentials");
        browser.fill("api-key", "test-api-key-history");
        browser.submit(By.cssSelector("form[action$='/credentials/gemini-api'] button[type=submit]"));
    }

    private static void addWebCookies() {
        browser.open("/credentials");
        browser.fill("web-cookies", "__Secure-1PSID=" + PSID + "; __Secure-1PSIDTS=" + PSIDTS);
        browser.submit(By.cssSelector("form[action$='/credentials/gemini-web/paste'] button[type=submit]"));
        assertThat(browser.text(By.cssSelector("#credential-gemini-web .badge"))).isEqualTo("valid");
    }

    private Account registered(String prefix) {
        String name = prefix + SEQUENCE.incrementAndGet();
        return accounts.register(new Registration(name, name + "@example.com", PASSWORD, true), "browser-test-setup");
    }

    private static void signIn(String name) {
        browser.open("/login");
        browser.fill("username", name);
        browser.fill("password", PASSWORD);
        browser.submit(By.cssSelector("form[action$='/login'] button[type=submit]"));
        assertThat(browser.path()).isEqualTo("/");
    }

}
