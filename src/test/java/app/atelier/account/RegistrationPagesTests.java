package app.atelier.account;

import org.junit.jupiter.api.Test;

import app.atelier.support.Browser;
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
class RegistrationPagesTests {

    private static final String PASSWORD = "copper kettle meadow";

    @Autowired
    MockMvcTester mvc;

    @Test
    void showsEachErrorBesideItsFieldAndKeepsWhatWasTyped() {
        Browser browser = new Browser(mvc);
        MvcTestResult result = browser.post("/register", "username", "-x", "email", "not-an-email", "password", "tiny pass");
        assertThat(result).hasStatus(422);
        String html = Browser.body(result);
        assertThat(html).contains("Some fields need your attention.");
        assertThat(html).contains("value=\"-x\"").contains("value=\"not-an-email\"").doesNotContain("tiny pass");
        assertInOrder(html, "id=\"username\"", "Use 3 to 32 letters", "id=\"email\"", "Enter a valid email address",
                "id=\"password\"", "Use at least 10 characters", "id=\"acceptTerms\"", "Accept the terms of use");
        assertThat(html).containsPattern("id=\"username\"[^>]*aria-invalid=\"true\"")
            .containsPattern("id=\"email\"[^>]*aria-invalid=\"true\"")
            .containsPattern("id=\"password\"[^>]*aria-invalid=\"true\"");
        assertThat(browser.get("/settings")).hasStatus(302).hasRedirectedUrl("/login");
    }

    @Test
    void showsATakenUsernameBesideItsFieldAndKeepsTheOtherValues() {
        String name = Unique.name("taken");
        assertThat(new Browser(mvc).register(name, Unique.email(name), PASSWORD)).hasStatus(302);
        Browser second = new Browser(mvc);
        String otherEmail = Unique.email(Unique.name("other"));
        MvcTestResult result = second.post("/register", "username", name.toUpperCase(), "email", otherEmail, "password", PASSWORD,
                "acceptTerms", "true");
        assertThat(result).hasStatus(409);
        String html = Browser.body(result);
        assertInOrder(html, "id=\"username\"", "This username is taken", "id=\"email\"");
        assertThat(html).contains("value=\"" + name.toUpperCase() + "\"").contains("value=\"" + otherEmail + "\"")
            .containsPattern("id=\"acceptTerms\"[^>]*checked");
    }

    @Test
    void signsTheNewPersonInAndWelcomesThemOnTheHomePage() {
        Browser browser = new Browser(mvc);
        String name = Unique.name("welcome");
        MvcTestResult registered = browser.register(name, Unique.email(name), PASSWORD);
        assertThat(registered).hasStatus(302).hasRedirectedUrl("/");
        String home = Browser.body(browser.follow(registered));
        assertThat(home).contains("Welcome to Atelier, " + name + "!").contains("Hello, ");
        assertThat(browser.page("/settings")).contains(name);
        assertThat(browser.page("/")).doesNotContain("Welcome to Atelier, ");
    }

    @Test
    void aSignedInPersonIsSentHomeFromTheRegistrationAndSignInPages() {
        Browser browser = new Browser(mvc);
        String name = Unique.name("home");
        browser.register(name, Unique.email(name), PASSWORD);
        assertThat(browser.get("/register")).hasStatus(302).hasRedirectedUrl("/");
        assertThat(browser.get("/login")).hasStatus(302).hasRedirectedUrl("/");
    }

    static void assertInOrder(String html, String... parts) {
        int from = 0;
        for (String part : parts) {
            int at = html.indexOf(part, from);
            assertThat(at).as("\"%s\" after position %d", part, from).isGreaterThanOrEqualTo(0);
            from = at + part.length();
        }
    }

}
