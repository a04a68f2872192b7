package app.atelier.browser;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;

import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

@SpringBootTest(webEnvironment = RANDOM_PORT)
class AccountJourneyBrowserTests {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private static final String PASSWORD = "violet otter marmalade";

    private static final String NEW_PASSWORD = "amber heron lantern";

    private static final By SIGN_OUT = By.cssSelector("form[action$='/logout'] button");

    @RegisterExtension
    static final Browser browser = new Browser();

    @Test
    void registersSignsInStaysSignedInAndChangesThePassword() {
        String name = "journey" + SEQUENCE.incrementAndGet();

        register(name, PASSWORD);
        assertThat(browser.path()).isEqualTo("/");
        assertThat(browser.text(By.cssSelector(".flash-success"))).startsWith("Welcome to Atelier, " + name + "!");
        assertSignedInAs(name);

        browser.submit(SIGN_OUT);
        assertThat(browser.path()).isEqualTo("/login");
        assertThat(browser.text(By.cssSelector(".flash-info"))).isEqualTo("You are signed out.");
        assertThat(browser.optional(SIGN_OUT)).isEmpty();

        signIn(name, "not the password at all", false);
        assertThat(browser.path()).isEqualTo("/login");
        assertThat(browser.text(By.cssSelector(".flash-error"))).isEqualTo("Wrong username, email or password.");
        assertThat(browser.value("username")).isEqualTo(name);
        assertThat(browser.value("password")).isEmpty();
        assertThat(browser.driver().switchTo().activeElement().getDomAttribute("id")).isEqualTo("password");

        browser.fill("password", PASSWORD);
        browser.check("remember-me");
        browser.submit(By.cssSelector("form[action$='/login'] button[type=submit]"));
        assertSignedInAs(name);
        assertThat(browser.cookie("ATELIER_REMEMBER_ME")).get().satisfies(cookie -> {
            assertThat(cookie.isHttpOnly()).isTrue();
            assertThat(cookie.isSecure()).isTrue();
        });
        String session = browser.cookie("ATELIER_SESSION").map(Cookie::getValue).orElseThrow();

        browser.deleteCookie("ATELIER_SESSION");
        browser.reload();
        assertSignedInAs(name);
        assertThat(browser.cookie("ATELIER_SESSION")).get().extracting(Cookie::getValue).isNotEqualTo(session);

        changePassword(PASSWORD, NEW_PASSWORD);
        assertThat(browser.path()).isEqualTo("/settings");
        assertThat(browser.text(By.cssSelector(".flash-success"))).startsWith("Your password is changed.");

        browser.submit(SIGN_OUT);
        signIn(name, PASSWORD, false);
        assertThat(browser.text(By.cssSelector(".flash-error"))).isEqualTo("Wrong username, email or password.");
        signIn(name, NEW_PASSWORD, false);
        assertSignedInAs(name);
    }

    @Test
    void changingThePasswordEndsKeepMeSignedIn() {
        String name = "keeper" + SEQUENCE.incrementAndGet();
        register(name, PASSWORD);
        browser.submit(SIGN_OUT);
        signIn(name, PASSWORD, true);
        assertSignedInAs(name);

        changePassword(PASSWORD, NEW_PASSWORD);
        assertThat(browser.text(By.cssSelector(".flash-success"))).startsWith("Your password is changed.");
        browser.deleteCookie("ATELIER_SESSION");
        browser.open("/settings");

        assertThat(browser.path()).isEqualTo("/login");
        assertThat(browser.optional(SIGN_OUT)).isEmpty();
        assertThat(browser.cookie("ATELIER_REMEMBER_ME")).isEmpty();
    }

    private static void register(String name, String password) {
        browser.open("/register");
        browser.fill("username", name);
        browser.fill("email", name + "@example.com");
        browser.fill("password", password);
        browser.check("acceptTerms");
        browser.submit(By.cssSelector("form[action$='/register'] button[type=submit]"));
    }

    private static void signIn(String login, String password, boolean rememberMe) {
        browser.open("/login");
        browser.fill("username", login);
        browser.fill("password", password);
        if (rememberMe) {
            browser.check("remember-me");
        }
        browser.submit(By.cssSelector("form[action$='/login'] button[type=submit]"));
    }

    private static void changePassword(String current, String next) {
        browser.open("/settings");
        browser.fill("password-current", current);
        browser.fill("password-new", next);
        browser.fill("password-confirm", next);
        browser.submit(By.cssSelector("form[action$='/settings/password'] button[type=submit]"));
    }

    private static void assertSignedInAs(String name) {
        assertThat(browser.path()).isEqualTo("/");
        assertThat(browser.text(By.tagName("h1"))).isEqualTo("Hello, " + name);
        assertThat(browser.text(SIGN_OUT)).isEqualTo("Sign out " + name);
    }

}
