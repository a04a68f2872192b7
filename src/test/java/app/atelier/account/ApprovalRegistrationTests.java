package app.atelier.account;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import app.atelier.support.Browser;
import app.atelier.support.Mail;
import app.atelier.support.Outbox;
import app.atelier.support.Unique;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.core.env.Environment;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(properties = { "atelier.accounts.registration=approval", "spring.application.name=atelier-approval-registration-tests" })
@AutoConfigureMockMvc
@DirtiesContext
class ApprovalRegistrationTests {

    private static final String PASSWORD = "cobalt walrus pudding";

    private static String admin;

    @Autowired
    MockMvcTester mvc;

    @Autowired
    AccountRepository accounts;

    @Autowired
    Environment environment;

    @BeforeEach
    void theInstallationHasItsFirstAccount() {
        if (admin == null) {
            assertThat(accounts.count()).isZero();
            String name = Unique.name("chief");
            assertThat(new Browser(mvc).register(name, Unique.email(name), PASSWORD)).hasStatus(302).hasRedirectedUrl("/");
            admin = name;
        }
    }

    @Test
    void theFirstAccountIsAnApprovedAdministrator() {
        Browser chief = new Browser(mvc).signedIn(admin, PASSWORD);
        assertThat(chief.get("/")).hasStatus(200);
        assertThat(chief.get("/api/v1/tokens")).hasStatus(200);
        assertThat(Browser.body(chief.get("/api/v1/me"))).contains("\"role\":\"admin\"");
    }

    @Test
    void aNewAccountLandsOnTheWaitingPage() {
        Browser newcomer = new Browser(mvc);
        String name = Unique.name("hopeful");
        MvcTestResult registered = newcomer.register(name, Unique.email(name), PASSWORD);
        assertThat(registered).hasStatus(302).hasRedirectedUrl("/waiting");
        assertThat(Browser.body(newcomer.follow(registered))).contains("Thanks for signing up, <span>" + name + "</span>!")
            .contains("approves new accounts by hand");
    }

    @Test
    void everyPageOfAWaitingAccountRedirectsToTheWaitingPage() {
        Browser newcomer = registeredNewcomer();
        for (String page : new String[] { "/", "/gallery", "/some/feature", "/password-reset" }) {
            assertThat(newcomer.get(page)).as(page).hasStatus(302).hasRedirectedUrl("/waiting");
        }
        assertThat(newcomer.post("/settings/tokens", "name", "sneaky")).hasStatus(302).hasRedirectedUrl("/waiting");
        assertThat(newcomer.get("/waiting")).hasStatus(200);
        assertThat(newcomer.get("/terms")).hasStatus(200);
        assertThat(newcomer.page("/settings")).doesNotContain("sneaky");
    }

    @Test
    void signingInAgainLeadsToTheWaitingPage() {
        String name = registeredNewcomerName();
        Browser browser = new Browser(mvc);
        MvcTestResult signedIn = browser.signIn(name, PASSWORD);
        assertThat(signedIn).hasStatus(302).hasRedirectedUrl("/");
        assertThat(browser.follow(signedIn)).hasStatus(302).hasRedirectedUrl("/waiting");
    }

    @Test
    void aWaitingAccountMayAskWhoItIsButUseNoOtherApi() {
        Browser newcomer = registeredNewcomer();
        MvcTestResult me = newcomer.get("/api/v1/me");
        assertThat(me).hasStatus(200);
        assertThat(me).bodyJson().extractingPath("$.role").isEqualTo("user");
        AccountApiTests.assertProblem(newcomer.get("/api/v1/tokens"), 403, "forbidden");
        AccountApiTests.assertProblem(newcomer.exchange(mvc.post().uri("/api/v1/tokens")
            .with(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf())), 403, "forbidden");
    }

    @Test
    void theAdministratorsAreToldByMail() {
        String name = registeredNewcomerName();
        Mail mail = new Outbox(environment).awaitMatching(Unique.email(admin), "A new Atelier account waits for approval",
                candidate -> candidate.text().contains(name));
        assertThat(mail.text()).contains("Hello " + admin).contains(name + " (" + Unique.email(name) + ")");
    }

    private Browser registeredNewcomer() {
        Browser newcomer = new Browser(mvc);
        String name = Unique.name("hopeful");
        assertThat(newcomer.register(name, Unique.email(name), PASSWORD)).hasRedirectedUrl("/waiting");
        return newcomer;
    }

    private String registeredNewcomerName() {
        String name = Unique.name("hopeful");
        assertThat(new Browser(mvc).register(name, Unique.email(name), PASSWORD)).hasRedirectedUrl("/waiting");
        return name;
    }

}
