package app.atelier.account;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import app.atelier.support.Browser;
import app.atelier.support.Unique;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;

/** An installation that accepts no sign-ups, starting empty; the first test creates the account the others rely on. */
@SpringBootTest(properties = { "atelier.accounts.registration=closed", "spring.application.name=atelier-closed-registration-tests" })
@AutoConfigureMockMvc
@DirtiesContext
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClosedRegistrationTests {

    private static final String PASSWORD = "basalt pelican window";

    @Autowired
    MockMvcTester mvc;

    @Autowired
    AccountRepository accounts;

    @Test
    @Order(1)
    void stillLetsTheFirstAccountOfAnEmptyInstallationIn() {
        assertThat(accounts.count()).isZero();
        Browser browser = new Browser(mvc);
        assertThat(browser.page("/register")).contains("action=\"/register\"").doesNotContain("Sign-ups are closed");
        String name = Unique.name("owner");
        MvcTestResult created = registerByApi(name);
        assertThat(created).hasStatus(201);
        assertThat(created).bodyJson().extractingPath("$.role").isEqualTo("admin");
    }

    @Test
    @Order(2)
    void theFormSaysSignUpsAreClosed() {
        Browser browser = new Browser(mvc);
        assertThat(browser.page("/register")).contains("Sign-ups are closed").doesNotContain("action=\"/register\"");
        assertThat(browser.page("/login")).doesNotContain("Create an account");
    }

    @Test
    @Order(3)
    void refusesAFormSignUp() {
        long before = accounts.count();
        Browser browser = new Browser(mvc);
        String name = Unique.name("late");
        MvcTestResult refused = browser.register(name, Unique.email(name), PASSWORD);
        assertThat(refused).hasStatus(403);
        assertThat(Browser.body(refused)).contains("Sign-ups are closed");
        assertThat(accounts.count()).isEqualTo(before);
        assertThat(browser.get("/settings")).hasStatus(302).hasRedirectedUrl("/login");
    }

    @Test
    @Order(4)
    void theApiAnswersRegistrationClosed() {
        long before = accounts.count();
        MvcTestResult refused = registerByApi(Unique.name("late"));
        AccountApiTests.assertProblem(refused, 403, "registration_closed");
        assertThat(accounts.count()).isEqualTo(before);
    }

    private MvcTestResult registerByApi(String name) {
        return mvc.post().uri("/api/v1/accounts").remoteAddress(Unique.address()).contentType(MediaType.APPLICATION_JSON)
            .content("""
                    {"username":"%s","email":"%s","password":"%s","acceptTerms":true}""".formatted(name, Unique.email(name), PASSWORD))
            .exchange();
    }

}
