package app.atelier.browser;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import app.atelier.account.Account;
import app.atelier.account.Accounts;
import app.atelier.account.Registration;
import app.atelier.generation.GenerationRequest;
import app.atelier.generation.Generations;
import app.atelier.provider.gemini.web.FakeGeminiWebServer;
import app.atelier.support.FakeUpstreams;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.LIST;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

@SpringBootTest(webEnvironment = RANDOM_PORT)
class GenerateBrowserTests {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private static final String PASSWORD = "violet otter marmalade";

    private static final String PSID = "test-psid-studio";

    private static final String PSIDTS = "test-psidts-studio";

    /** The fake web app holds its answer to this prompt for 30 s: long enough to watch, reload and cancel. */
    private static final String STALLING = "a harbour that takes its time [fake:stall]";

    private static final By GENERATE = By.id("generate-button");

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

    @Test
    void generatesTwoImagesWithCtrlEnterAndShowsThemWithoutAReload() {
        String name = "studio" + SEQUENCE.incrementAndGet();
        browser.open("/register");
        browser.fill("username", name);
        browser.fill("email", name + "@example.com");
        browser.fill("password", PASSWORD);
        browser.check("acceptTerms");
        browser.submit(By.cssSelector("form[action$='/register'] button[type=submit]"));
        browser.open("/credentials");
        browser.fill("api-key", "test-api-key-studio");
        browser.submit(By.cssSelector("form[action$='/credentials/gemini-api'] button[type=submit]"));

        browser.submit(By.linkText("Generate"));
        assertThat(browser.path()).isEqualTo("/generate");
        assertThat(browser.text(By.cssSelector("#quota .quota-left"))).startsWith("20 of 20 images left today · resets at 00:00 UTC");
        String prompt = "A lighthouse at dusk 🌅, waves below";
        browser.find(By.id("prompt")).sendKeys(prompt);
        assertThat(browser.text(By.id("prompt-count"))).as("code points, as the server counts them")
            .isEqualTo(String.valueOf(prompt.codePointCount(0, prompt.length())));
        option("aspect-1-1").click();
        new Actions(browser.driver()).sendKeys(Keys.ARROW_RIGHT).perform();
        assertThat(browser.driver().findElement(By.id("aspect-16-9")).isSelected()).as("the arrow key moves to the next ratio").isTrue();
        new Select(browser.find(By.id("style"))).selectByValue("watercolour");
        option("count-2").click();
        browser.script("window.stillTheSamePage = true");

        browser.find(By.id("prompt")).sendKeys(Keys.chord(Keys.CONTROL, Keys.ENTER));

        By card = By.cssSelector("#jobs .job");
        assertThat(browser.text(By.cssSelector("#jobs .job .job-prompt"))).isEqualTo(prompt);
        WebElement finished = until(driver -> driver.findElements(By.cssSelector("#jobs .job.job-succeeded")).stream().findFirst().orElse(null));
        assertThat(finished.findElement(By.cssSelector(".job-status")).getText()).isEqualTo("Done");
        assertThat(finished.findElement(By.cssSelector(".job-params")).getText()).isEqualTo("16:9 · Watercolour · 2 images · API key");
        assertThat(finished.findElements(By.cssSelector(".job-images a.thumb img"))).hasSize(2);
        until(driver -> Boolean.TRUE.equals(browser.script(
                "return [...document.querySelectorAll('#jobs .job-images img')].every(img => img.complete && img.naturalWidth > 0)")));
        assertThat(browser.driver().findElements(card)).hasSize(1);
        assertThat(browser.script("return window.stillTheSamePage === true")).as("no reload").isEqualTo(true);
        assertThat(browser.path()).isEqualTo("/generate");
        assertThat(browser.value("prompt")).as("the prompt stays for the next try").isEqualTo(prompt);
        assertThat(browser.driver().switchTo().activeElement().getDomAttribute("id")).as("focus stays in the prompt").isEqualTo("prompt");
        assertThat(browser.text(By.cssSelector("#quota .quota-left"))).startsWith("18 of 20 images left today");
        assertThat(browser.text(By.id("job-updates"))).as("announced to screen readers").isEqualTo("Done: " + prompt);
        checkLayout("done");

        browser.fill("prompt", " ");
        browser.find(GENERATE).click();
        assertThat(browser.text(By.id("prompt-error"))).isEqualTo("Describe the image you want.");
        assertThat(browser.script("return window.stillTheSamePage === true")).as("an error is shown in place too").isEqualTo(true);
        assertThat(browser.driver().switchTo().activeElement().getDomAttribute("id")).as("focus on the refused field").isEqualTo("prompt");
        assertThat(browser.script(PageLayoutBrowserTests.ERRORS_NOT_TIED_TO_FIELDS)).asInstanceOf(LIST).isEmpty();
        checkLayout("error");
    }

    @Test
    void countsCodePointsAndMarksRatiosEmulatedForWebCookies() {
        signIn(registered("marks").username());
        addCredentials(true, true);
        browser.open("/generate");

        assertThat(browser.driver().findElement(By.id("provider-gemini-api")).isSelected()).isTrue();
        assertThat(visibleEmulatedMarks()).as("the API key draws every ratio natively").isZero();
        option("provider-gemini-web").click();
        assertThat(visibleEmulatedMarks()).as("web cookies emulate every ratio").isEqualTo(8);
        assertThat(browser.text(By.cssSelector("label:has(#aspect-21-9)"))).contains("21:9").contains("EMULATED");
        checkLayout("emulated");
        option("provider-gemini-api").click();
        assertThat(visibleEmulatedMarks()).isZero();

        browser.find(By.id("prompt")).sendKeys("🦊🦊 fox");
        assertThat(browser.text(By.id("prompt-count"))).isEqualTo("6");
        browser.script("const field = document.getElementById('prompt'); field.value = '🦊'.repeat(4001);"
                + " field.dispatchEvent(new Event('input', { bubbles: true }));");
        assertThat(browser.text(By.id("prompt-count"))).isEqualTo("4001");
        assertThat(browser.find(By.id("prompt-counter")).getDomAttribute("class")).contains("counter-over");
        browser.find(GENERATE).click();
        assertThat(browser.text(By.id("prompt-error"))).isEqualTo("The prompt is 4001 characters long; the limit is 4000.");
        assertThat(browser.value("prompt")).as("kept after the refusal").hasSize(8002);
    }

    @Test
    void watchesAGenerationLiveCatchesUpAfterAReloadAndCancels() {
        Account account = registered("watch");
        signIn(account.username());
        addCredentials(false, true);
        browser.open("/generate");
        assertThat(browser.driver().findElement(By.id("provider-gemini-web")).isSelected()).isTrue();
        browser.fill("prompt", STALLING);
        browser.find(GENERATE).click();

        WebElement card = until(driver -> driver.findElements(By.cssSelector("#jobs .job.job-queued, #jobs .job.job-running")).stream().findFirst().orElse(null));
        long id = Long.parseLong(card.getDomAttribute("data-job-id"));
        until(driver -> "Generating".equals(driver.findElement(By.cssSelector("#job-" + id + " .job-status")).getText()));
        awaitTicking(id);
        assertThat(card.findElements(By.cssSelector(".job-pending .placeholder"))).hasSize(1);
        checkLayout("running");

        browser.reload();
        assertThat(browser.text(By.cssSelector("#job-" + id + " .job-status"))).isEqualTo("Generating");
        awaitTicking(id);
        generations.cancel(account.id(), id);
        until(driver -> driver.findElements(By.cssSelector("#job-" + id + ".job-cancelled")).stream().findFirst().orElse(null));
        assertThat(browser.text(By.cssSelector("#job-" + id + " .job-cancelled"))).isEqualTo("You cancelled this generation.");
        assertThat(browser.optional(By.cssSelector("#job-" + id + " form[action$='/cancel']"))).isEmpty();

        browser.fill("prompt", STALLING);
        browser.find(GENERATE).click();
        WebElement second = until(driver -> driver.findElements(By.cssSelector("#jobs .job.job-queued, #jobs .job.job-running")).stream().findFirst().orElse(null));
        long secondId = Long.parseLong(second.getDomAttribute("data-job-id"));
        browser.find(By.cssSelector("#job-" + secondId + " form[action$='/cancel'] button")).click();
        assertThat(browser.text(By.cssSelector("#job-" + secondId + " .job-note"))).isEqualTo("Cancelled. Its image is back in today's quota.");
        assertThat(browser.text(By.cssSelector("#job-" + secondId + " .job-status"))).isEqualTo("Cancelled");
        assertThat(browser.text(By.cssSelector("#quota .quota-left"))).startsWith("20 of 20 images left today");
    }

    @Test
    void followsMoreUnfinishedGenerationsThanItOpensStreamsFor() {
        Account account = registered("many");
        signIn(account.username());
        addCredentials(false, true);
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(generations.submit(account.id(), new GenerationRequest(STALLING + " " + i, null, null, null, null)).id());
        }
        browser.open("/generate");
        assertThat(browser.driver().findElements(By.cssSelector("#jobs .job[data-job-events]"))).hasSize(5);

        for (long id : ids) {
            generations.cancel(account.id(), id);
        }

        for (long id : ids) {
            until(driver -> driver.findElements(By.cssSelector("#job-" + id + ".job-cancelled")).stream().findFirst().orElse(null));
        }
    }

    @Test
    void withoutCredentialsPointsToTheCredentialsPage() {
        signIn(registered("empty").username());
        browser.open("/generate");

        assertThat(browser.text(By.id("no-credentials-title"))).isEqualTo("Add a credential to start");
        assertThat(browser.find(By.id("prompt")).isEnabled()).isFalse();
        assertThat(browser.driver().findElement(GENERATE).isEnabled()).isFalse();
        checkLayout("empty");
        browser.submit(By.linkText("Add your credentials"));
        assertThat(browser.path()).isEqualTo("/credentials");
    }

    /** Checks the page's layout at phone and desktop widths, light and dark, and keeps screenshots of it. */
    private static void checkLayout(String state) {
        browser.checkLayout("GenerateBrowserTests-" + state, () -> { });
    }

    /** The option (label) of a visually hidden radio button, which is what a person clicks. */
    private static WebElement option(String inputId) {
        return browser.find(By.cssSelector("label:has(#" + inputId + ")"));
    }

    private static long visibleEmulatedMarks() {
        return browser.driver().findElements(By.cssSelector(".emulated-mark")).stream().filter(WebElement::isDisplayed).count();
    }

    /** Waits until the elapsed time of a running generation has moved on by itself. */
    private static void awaitTicking(long id) {
        By elapsed = By.cssSelector("#job-" + id + " .job-elapsed");
        String before = browser.text(elapsed);
        until(driver -> !driver.findElement(elapsed).getText().equals(before));
    }

    private static <T> T until(ExpectedCondition<T> condition) {
        return new WebDriverWait(browser.driver(), Duration.ofSeconds(20)).until(condition);
    }

    private static void addCredentials(boolean apiKey, boolean webCookies) {
        browser.open("/credentials");
        if (apiKey) {
            browser.fill("api-key", "test-api-key-studio");
            browser.submit(By.cssSelector("form[action$='/credentials/gemini-api'] button[type=submit]"));
        }
        if (webCookies) {
            browser.fill("web-cookies", "__Secure-1PSID=" + PSID + "; __Secure-1PSIDTS=" + PSIDTS);
            browser.submit(By.cssSelector("form[action$='/credentials/gemini-web/paste'] button[type=submit]"));
            assertThat(browser.text(By.cssSelector("#credential-gemini-web .badge"))).isEqualTo("valid");
        }
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
