package app.atelier.browser;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import app.atelier.account.Accounts;
import app.atelier.account.Registration;
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
class CredentialsBrowserTests {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private static final String PASSWORD = "violet otter marmalade";

    private static final By PASTE_AND_SAVE = By.cssSelector("form[action$='/credentials/gemini-web/paste'] button[type=submit]");

    @RegisterExtension
    static final FakeUpstreams fakes = new FakeUpstreams();

    private static final FakeGeminiWebServer web = fakes.web();

    @RegisterExtension
    static final Browser browser = new Browser();

    @DynamicPropertySource
    static void pointAtTheFakes(DynamicPropertyRegistry registry) {
        fakes.pointApplicationAt(registry);
    }

    @Autowired
    Accounts accounts;

    @Test
    void pastesTheCookieHeaderFromTheBrowserAndSeesTheValidBadge() {
        String name = "cookies" + SEQUENCE.incrementAndGet();
        String psid = "test-psid-browser-" + name;
        String psidts = "test-psidts-browser-" + name;
        web.signIn(psid, psidts);
        browser.open("/register");
        browser.fill("username", name);
        browser.fill("email", name + "@example.com");
        browser.fill("password", PASSWORD);
        browser.check("acceptTerms");
        browser.submit(By.cssSelector("form[action$='/register'] button[type=submit]"));

        browser.submit(By.linkText("Credentials"));
        assertThat(browser.path()).isEqualTo("/credentials");
        assertThat(browser.text(By.tagName("h1"))).isEqualTo("Credentials");
        assertThat(browser.text(By.id("start-title"))).isEqualTo("Add your first credential");

        browser.fill("web-cookies", "Cookie: NID=511=test-nid; __Secure-1PSID=" + psid + "; SID=test-sid; __Secure-1PSIDTS=" + psidts);
        browser.submit(PASTE_AND_SAVE);

        assertThat(browser.path()).isEqualTo("/credentials");
        assertThat(browser.text(By.cssSelector(".flash-success"))).startsWith("Your Gemini cookies work — saved.");
        assertThat(browser.text(By.cssSelector("#credential-gemini-web .badge"))).isEqualTo("valid");
        assertThat(browser.text(By.cssSelector("#credential-gemini-web .status-detail"))).startsWith("Signed in");
        assertThat(browser.value("web-cookies")).isEmpty();
        assertThat(browser.driver().getPageSource()).doesNotContain(psid).doesNotContain(psidts);
    }

    @Test
    void asksBeforeDeletingAndKeepsTheCredentialWhenTheAnswerIsNo() {
        signIn(registered("deleter"));
        browser.open("/credentials");
        browser.fill("api-key", "test-api-key-browser-delete");
        browser.submit(By.cssSelector("form[action$='/credentials/gemini-api'] button[type=submit]"));
        By delete = By.cssSelector("#credential-gemini-api form[action$='/delete'] button");

        browser.find(delete).click();
        Alert question = awaitConfirmation();
        assertThat(question.getText()).isEqualTo("Delete your Gemini API key from Atelier? You will have to paste it again to generate with it.");
        question.dismiss();
        assertThat(browser.optional(By.id("credential-gemini-api"))).isPresent();

        WebElement page = browser.driver().findElement(By.tagName("html"));
        browser.find(delete).click();
        awaitConfirmation().accept();
        browser.awaitNextPage(page);
        assertThat(browser.text(By.cssSelector(".flash-info"))).isEqualTo("Your Gemini API key is deleted from Atelier.");
        assertThat(browser.optional(By.id("credential-gemini-api"))).isEmpty();
    }

    @Test
    void looksRightOnADesktopAndOnAPhone() {
        String name = registered("looks");
        String psid = "test-psid-looks-" + name;
        web.signIn(psid, "test-psidts-looks");
        signIn(name);

        browser.open("/credentials");
        checkLayout("empty");

        browser.fill("web-cookies", "__Secure-1PSID=" + psid + "; __Secure-1PSIDTS=test-psidts-looks");
        browser.submit(PASTE_AND_SAVE);
        browser.fill("api-key", "test-api-key-browser-looks");
        browser.submit(By.cssSelector("form[action$='/credentials/gemini-api'] button[type=submit]"));
        web.signOut(psid);
        browser.submit(By.cssSelector("#credential-gemini-web form[action$='/verify'] button"));
        assertThat(browser.text(By.cssSelector(".expiry-banner"))).startsWith("Your Gemini cookies expired");
        assertThat(browser.text(By.cssSelector("#credential-gemini-web .badge"))).isEqualTo("expired");
        browser.fill("api-key", "busy-key");
        browser.submit(By.cssSelector("form[action$='/credentials/gemini-api'] button[type=submit]"));
        checkLayout("stored");

        browser.fill("web-cookies", "nothing useful here");
        browser.submit(PASTE_AND_SAVE);
        checkLayout("error");
        assertThat(browser.script(PageLayoutBrowserTests.ERRORS_NOT_TIED_TO_FIELDS)).asInstanceOf(LIST).isEmpty();
    }

    /** Checks the page at 1280 and 390 px wide, in light and dark mode, and keeps full-page screenshots to look at. */
    private static void checkLayout(String state) {
        for (String scheme : List.of("light", "dark")) {
            browser.colorScheme(scheme);
            assertThat(browser.script(PageLayoutBrowserTests.UNREADABLE_BUTTONS)).as("buttons with too little contrast, %s, %s", state, scheme)
                .asInstanceOf(LIST)
                .isEmpty();
        }
        browser.colorScheme("light");
        for (int width : List.of(390, 1280)) {
            browser.viewport(width, 844);
            assertThat(browser.script(PageLayoutBrowserTests.OVERFLOWING)).as("wider than %d px, %s", width, state).isEqualTo(false);
            long height = (Long) browser.script("return document.documentElement.scrollHeight");
            browser.viewport(width, (int) height);
            browser.screenshot("CredentialsBrowserTests-" + state + "-" + width);
        }
        browser.colorScheme("dark");
        browser.screenshot("CredentialsBrowserTests-" + state + "-1280-dark");
        browser.colorScheme("light");
        browser.desktopViewport();
    }

    private static Alert awaitConfirmation() {
        return new WebDriverWait(browser.driver(), Duration.ofSeconds(20)).until(ExpectedConditions.alertIsPresent());
    }

    private String registered(String prefix) {
        String name = prefix + SEQUENCE.incrementAndGet();
        accounts.register(new Registration(name, name + "@example.com", PASSWORD, true), "browser-test-setup");
        return name;
    }

    private static void signIn(String name) {
        browser.open("/login");
        browser.fill("username", name);
        browser.fill("password", PASSWORD);
        browser.submit(By.cssSelector("form[action$='/login'] button[type=submit]"));
        assertThat(browser.path()).isEqualTo("/");
    }

}
