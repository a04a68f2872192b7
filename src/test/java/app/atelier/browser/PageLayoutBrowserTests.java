package app.atelier.browser;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

import app.atelier.account.Accounts;
import app.atelier.account.Registration;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.LIST;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

@SpringBootTest(webEnvironment = RANDOM_PORT)
class PageLayoutBrowserTests {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private static final String PASSWORD = "violet otter marmalade";

    static final String OVERFLOWING = """
            const page = document.documentElement;
            const wide = [...document.querySelectorAll('.table-wrap')].filter(wrap => wrap.scrollWidth > wrap.clientWidth);
            return page.scrollWidth > page.clientWidth || wide.length > 0;
            """;

    static final String UNREADABLE_BUTTONS = """
            const rgba = value => {
                const [r, g, b, a = 1] = value.match(/[\\d.]+/g).map(Number);
                return { r, g, b, a };
            };
            const background = element => {
                for (let e = element; e; e = e.parentElement) {
                    const color = rgba(getComputedStyle(e).backgroundColor);
                    if (color.a > 0.5) return color;
                }
                return { r: 255, g: 255, b: 255, a: 1 };
            };
            const luminance = c => [c.r, c.g, c.b]
                .map(v => v / 255)
                .map(v => v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4))
                .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
            return [...document.querySelectorAll('.button')]
                .filter(button => !button.disabled && button.offsetParent !== null)
                .map(button => {
                    const [text, back] = [luminance(rgba(getComputedStyle(button).color)), luminance(background(button))];
                    const ratio = (Math.max(text, back) + 0.05) / (Math.min(text, back) + 0.05);
                    return ratio < 4.5 ? button.textContent.trim() + ' (' + ratio.toFixed(2) + ':1)' : null;
                })
                .filter(failure => failure !== null);
            """;

    static final String ERRORS_NOT_TIED_TO_FIELDS = """
            return [...document.querySelectorAll('[aria-invalid=true]')]
                .filter(field => !(field.getAttribute('aria-describedby') || '').split(' ')
                    .map(id => document.getElementById(id))
                    .some(described => described && described.matches('.field-error') && described.textContent.trim()))
                .map(field => field.id);
            """;

    @RegisterExtension
    static final Browser browser = new Browser();

    @Autowired
    Accounts accounts;

    @Test
    void noPageScrollsSidewaysOnAPhoneEvenWithTheLongestNames() {
        List<String> overflowing = new ArrayList<>();
        for (String path : List.of("/", "/terms", "/login", "/password-reset", "/password-reset/not-a-token", "/register")) {
            browser.open(path);
            overflowingAt(path, overflowing);
        }
        submitInvalidRegistration();
        overflowingAt("/register with errors", overflowing);

        signIn(longestUsername());
        overflowingAt("/ signed in", overflowing);
        browser.open("/settings");
        browser.fill("token-name", "continuous-integration-nightly-image-exporter-of-the-team");
        browser.submit(By.cssSelector("form[action$='/settings/tokens'] button[type=submit]"));
        assertThat(browser.optional(By.id("new-token-value"))).isPresent();
        overflowingAt("/settings with a new token", overflowing);
        browser.open("/credentials");
        overflowingAt("/credentials", overflowing);
        browser.open("/generate");
        overflowingAt("/generate", overflowing);
        submitUnreadableCookies();
        overflowingAt("/credentials with an error", overflowing);
        browser.open("/no-such-page");
        assertThat(browser.text(By.tagName("h1"))).isEqualTo("We couldn't find that page");
        overflowingAt("/no-such-page", overflowing);

        assertThat(overflowing).as("pages wider than a 390 px screen").isEmpty();
    }

    @Test
    void buttonsAreReadableInLightAndDarkMode() {
        browser.open("/");
        for (String scheme : List.of("light", "dark")) {
            browser.colorScheme(scheme);
            assertThat(browser.script(UNREADABLE_BUTTONS)).as("buttons with too little contrast in %s mode", scheme)
                .asInstanceOf(LIST)
                .isEmpty();
        }
        browser.colorScheme("light");
        signIn(longestUsername());
        browser.open("/settings");
        browser.fill("token-name", "readable");
        browser.submit(By.cssSelector("form[action$='/settings/tokens'] button[type=submit]"));
        for (String scheme : List.of("light", "dark")) {
            browser.colorScheme(scheme);
            assertThat(browser.script(UNREADABLE_BUTTONS)).as("buttons with too little contrast in %s mode", scheme)
                .asInstanceOf(LIST)
                .isEmpty();
        }
        browser.colorScheme("light");
        browser.open("/credentials");
        for (String scheme : List.of("light", "dark")) {
            browser.colorScheme(scheme);
            assertThat(browser.script(UNREADABLE_BUTTONS)).as("buttons of /credentials with too little contrast in %s mode", scheme)
                .asInstanceOf(LIST)
                .isEmpty();
        }
    }

    @Test
    void dangerousButtonsLookDifferentFromOrdinaryOnes() {
        signIn(longestUsername());
        browser.open("/settings");
        browser.fill("token-name", "danger");
        browser.submit(By.cssSelector("form[action$='/settings/tokens'] button[type=submit]"));
        for (String scheme : List.of("light", "dark")) {
            browser.colorScheme(scheme);
            String ordinary = backgroundOf("form[action$='/settings/tokens'] button[type=submit]");
            assertThat(backgroundOf("form[action*='/revoke'] button")).as("revoke in %s mode", scheme).isNotEqualTo(ordinary);
            assertThat(backgroundOf("#delete-button")).as("delete in %s mode", scheme).isNotEqualTo(ordinary);
        }
    }

    @Test
    void fieldErrorsAreAnnouncedWithTheirFields() {
        submitInvalidRegistration();
        assertThat(browser.driver().findElements(By.cssSelector("[aria-invalid=true]"))).hasSize(4);
        assertThat(browser.script(ERRORS_NOT_TIED_TO_FIELDS)).as("invalid fields without their error in aria-describedby")
            .asInstanceOf(LIST)
            .isEmpty();

        signIn(longestUsername());
        browser.open("/settings");
        browser.fill("password-current", "not my password");
        browser.fill("password-new", "amber heron lantern");
        browser.fill("password-confirm", "amber heron lantern");
        browser.submit(By.cssSelector("form[action$='/settings/password'] button[type=submit]"));
        assertThat(browser.driver().findElements(By.cssSelector("[aria-invalid=true]"))).hasSize(1);
        assertThat(browser.script(ERRORS_NOT_TIED_TO_FIELDS)).as("invalid fields without their error in aria-describedby")
            .asInstanceOf(LIST)
            .isEmpty();

        submitUnreadableCookies();
        assertThat(browser.driver().findElements(By.cssSelector("[aria-invalid=true]"))).hasSize(1);
        assertThat(browser.script(ERRORS_NOT_TIED_TO_FIELDS)).as("invalid fields of /credentials without their error in aria-describedby")
            .asInstanceOf(LIST)
            .isEmpty();
        browser.open("/credentials");
        browser.fill("api-key", "has spaces in it");
        browser.submit(By.cssSelector("form[action$='/credentials/gemini-api'] button[type=submit]"));
        assertThat(browser.driver().findElements(By.cssSelector("[aria-invalid=true]"))).hasSize(1);
        assertThat(browser.script(ERRORS_NOT_TIED_TO_FIELDS)).as("invalid fields of /credentials without their error in aria-describedby")
            .asInstanceOf(LIST)
            .isEmpty();
    }

    /** A new account whose username has the most characters allowed, with no place to break a line. */
    private String longestUsername() {
        String name = "long_username_that_fills_all_%03d".formatted(SEQUENCE.incrementAndGet());
        assertThat(name).hasSize(32);
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

    private static void submitInvalidRegistration() {
        browser.open("/register");
        browser.fill("username", "x");
        browser.fill("email", "not-an-email");
        browser.fill("password", "short");
        browser.submit(By.cssSelector("form[action$='/register'] button[type=submit]"));
        assertThat(browser.optional(By.cssSelector(".field-error"))).isPresent();
    }

    /** Pastes something that holds no cookies: refused before anyone asks Google. */
    private static void submitUnreadableCookies() {
        browser.open("/credentials");
        browser.fill("web-cookies", "these are not the cookies you are looking for");
        browser.submit(By.cssSelector("form[action$='/credentials/gemini-web/paste'] button[type=submit]"));
        assertThat(browser.optional(By.id("web-cookies-error"))).isPresent();
    }

    /** Lays the current page out on a phone screen to check it; forms are filled on a desktop screen. */
    private static void overflowingAt(String page, List<String> overflowing) {
        browser.viewport(390, 844);
        if (Boolean.TRUE.equals(browser.script(OVERFLOWING))) {
            overflowing.add(page);
            browser.screenshot("PageLayoutBrowserTests-overflow-" + page.replaceAll("[^A-Za-z0-9]+", "-"));
        }
        browser.desktopViewport();
    }

    private static String backgroundOf(String selector) {
        return browser.find(By.cssSelector(selector)).getCssValue("background-color");
    }

}
