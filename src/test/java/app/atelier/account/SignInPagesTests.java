package app.atelier.account;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import app.atelier.support.Browser;
import app.atelier.support.MutableClock;
import app.atelier.support.TestClockConfiguration;
import app.atelier.support.Unique;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest
@AutoConfigureMockMvc
@Import(TestClockConfiguration.class)
class SignInPagesTests {

    private static final String PASSWORD = "silver lichen harbour";

    @Autowired
    MockMvcTester mvc;

    @Autowired
    MutableClock clock;

    @Test
    void signsInByUsername() {
        String name = registered();
        Browser browser = new Browser(mvc);
        MvcTestResult signedIn = browser.signIn(name, PASSWORD);
        assertThat(signedIn).hasStatus(302).hasRedirectedUrl("/");
        assertThat(Browser.body(browser.follow(signedIn))).contains("Hello, ").contains(name);
        assertThat(browser.get("/settings")).hasStatus(200);
    }

    @Test
    void signsInByEmailWhateverItsCase() {
        String name = registered();
        Browser browser = new Browser(mvc);
        assertThat(browser.signIn(Unique.email(name).toUpperCase(), PASSWORD)).hasStatus(302).hasRedirectedUrl("/");
        assertThat(browser.page("/settings")).contains(name);
    }

    @Test
    void aWrongPasswordReturnsToTheFormWithTheMessageAndTheTypedLogin() {
        String name = registered();
        Browser browser = new Browser(mvc);
        MvcTestResult failed = browser.signIn(name, "not the password at all");
        assertThat(failed).hasStatus(302).hasRedirectedUrl("/login?error");
        String html = Browser.body(browser.follow(failed));
        assertThat(html).contains("Wrong username, email or password.").contains("value=\"" + name + "\"")
            .doesNotContain("not the password at all");
        assertThat(browser.get("/settings")).hasStatus(302);
    }

    @Test
    void anUnknownLoginGetsTheSameMessageAsAWrongPassword() {
        Browser browser = new Browser(mvc);
        MvcTestResult failed = browser.signIn(Unique.name("nobody"), PASSWORD);
        assertThat(failed).hasStatus(302).hasRedirectedUrl("/login?error");
        assertThat(Browser.body(browser.follow(failed))).contains("Wrong username, email or password.");
    }

    @Test
    void pausesSignInFromAnAddressAfterFiveFailuresEvenForTheRightPassword() {
        String name = registered();
        Browser browser = new Browser(mvc);
        for (int i = 0; i < 5; i++) {
            assertThat(browser.signIn(name, "wrong guess number " + i)).hasRedirectedUrl("/login?error");
        }
        MvcTestResult throttled = browser.signIn(name, PASSWORD);
        assertThat(throttled).hasStatus(302);
        String location = throttled.getResponse().getRedirectedUrl();
        assertThat(location).startsWith("/login?throttled=");
        int minutes = Integer.parseInt(location.substring("/login?throttled=".length()));
        assertThat(minutes).isBetween(1, 15);
        String html = Browser.body(browser.follow(throttled));
        assertThat(html).contains("Too many failed attempts. For your safety, sign-in is paused for about " + minutes + " minutes.")
            .contains("reset it below");
        assertThat(browser.get("/settings")).hasStatus(302);

        clock.advance(Duration.ofMinutes(15).plusSeconds(1));
        assertThat(browser.signIn(name, PASSWORD)).hasStatus(302).hasRedirectedUrl("http://localhost/settings?continue");
        assertThat(browser.get("/settings")).hasStatus(200);
    }

    @Test
    void pausesSignInFromAnAddressThatTriesManyAccounts() {
        String name = registered();
        Browser browser = new Browser(mvc);
        for (int i = 0; i < 5; i++) {
            assertThat(browser.signIn(Unique.name("guess"), PASSWORD)).hasRedirectedUrl("/login?error");
        }
        assertThat(browser.signIn(name, PASSWORD).getResponse().getRedirectedUrl()).startsWith("/login?throttled=");
        assertThat(new Browser(mvc).signIn(name, PASSWORD)).hasRedirectedUrl("/");
        clock.advance(Duration.ofMinutes(15).plusSeconds(1));
        assertThat(browser.signIn(name, PASSWORD)).hasRedirectedUrl("/");
    }

    @Test
    void pausesSignInToAnAccountAttackedFromManyAddresses() {
        String name = registered();
        for (int i = 0; i < 5; i++) {
            assertThat(new Browser(mvc).signIn(name, "wrong guess number " + i)).hasRedirectedUrl("/login?error");
        }
        Browser owner = new Browser(mvc);
        MvcTestResult throttled = owner.signIn(name, PASSWORD);
        assertThat(throttled.getResponse().getRedirectedUrl()).startsWith("/login?throttled=");
        assertThat(Browser.body(owner.follow(throttled))).contains("sign-in is paused");
        assertThat(new Browser(mvc).signIn(Unique.email(name), PASSWORD).getResponse().getRedirectedUrl())
            .startsWith("/login?throttled=");

        clock.advance(Duration.ofMinutes(15).plusSeconds(1));
        assertThat(owner.signIn(name, PASSWORD)).hasRedirectedUrl("/");
    }

    @Test
    void aSuccessfulSignInForgetsEarlierFailuresOfTheAccount() {
        String name = registered();
        for (int i = 0; i < 4; i++) {
            new Browser(mvc).signIn(name, "wrong guess number " + i);
        }
        assertThat(new Browser(mvc).signIn(name, PASSWORD)).hasRedirectedUrl("/");
        for (int i = 0; i < 4; i++) {
            new Browser(mvc).signIn(name, "another wrong guess " + i);
        }
        assertThat(new Browser(mvc).signIn(name, PASSWORD)).hasRedirectedUrl("/");
    }

    @Test
    void signingOutEndsTheSession() {
        String name = registered();
        Browser browser = new Browser(mvc).signedIn(name, PASSWORD);
        MvcTestResult signedOut = browser.post("/logout");
        assertThat(signedOut).hasStatus(302).hasRedirectedUrl("/login?signedOut");
        assertThat(Browser.body(browser.follow(signedOut))).contains("You are signed out.");
        assertThat(browser.get("/settings")).hasStatus(302);
    }

    private String registered() {
        String name = Unique.name("signin");
        Browser browser = new Browser(mvc);
        assertThat(browser.register(name, Unique.email(name), PASSWORD)).hasStatus(302);
        return name;
    }

}
