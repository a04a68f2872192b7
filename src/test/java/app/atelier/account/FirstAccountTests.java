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
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;

/** Starts from an empty installation (its own property, so its own database); the tests build on each other. */
@SpringBootTest(properties = { "atelier.accounts.registration=open", "spring.application.name=atelier-first-account-tests" })
@AutoConfigureMockMvc
@DirtiesContext
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FirstAccountTests {

    private static final String PASSWORD = "granite swallow orchard";

    private static final String ADMIN = Unique.name("founder");

    private static final String MEMBER = Unique.name("second");

    @Autowired
    MockMvcTester mvc;

    @Autowired
    AccountRepository accounts;

    @Test
    @Order(1)
    void theFirstAccountBecomesTheAdministrator() {
        assertThat(accounts.count()).isZero();
        Browser founder = new Browser(mvc);
        MvcTestResult registered = founder.register(ADMIN, Unique.email(ADMIN), PASSWORD);
        assertThat(registered).hasStatus(302).hasRedirectedUrl("/");
        assertThat(Browser.body(founder.follow(registered))).contains("Welcome to Atelier, " + ADMIN + "!")
            .contains("As the first account, you are this installation&#39;s administrator.");
        assertThat(founder.page("/settings")).contains("Administrator");
        assertThat(Browser.body(founder.get("/api/v1/me"))).contains("\"role\":\"admin\"");

        Browser second = new Browser(mvc);
        MvcTestResult secondRegistered = second.register(MEMBER, Unique.email(MEMBER), PASSWORD);
        assertThat(Browser.body(second.follow(secondRegistered))).contains("Welcome to Atelier, " + MEMBER + "!")
            .doesNotContain("administrator");
        assertThat(second.page("/settings")).contains("Member").doesNotContain("Administrator");
        assertThat(Browser.body(second.get("/api/v1/me"))).contains("\"role\":\"user\"");
        assertThat(second.get("/admin/accounts")).hasStatus(403);
    }

    @Test
    @Order(2)
    void theOnlyAdministratorCannotDeleteThemselvesWhileOtherAccountsExist() {
        Browser founder = new Browser(mvc).signedIn(ADMIN, PASSWORD);
        MvcTestResult refused = founder.post("/settings/delete", "confirmation", ADMIN, "currentPassword", PASSWORD);
        assertThat(refused).hasStatus(302).hasRedirectedUrl("/settings#delete");
        assertThat(Browser.body(founder.follow(refused))).contains("You are the only administrator.");
        assertThat(accounts.findByUsername(ADMIN)).isPresent();

        Browser second = new Browser(mvc).signedIn(MEMBER, PASSWORD);
        assertThat(second.post("/settings/delete", "confirmation", MEMBER, "currentPassword", PASSWORD)).hasRedirectedUrl("/");
        assertThat(accounts.findByUsername(MEMBER)).isEmpty();

        MvcTestResult deleted = founder.post("/settings/delete", "confirmation", ADMIN, "currentPassword", PASSWORD);
        assertThat(deleted).hasStatus(302).hasRedirectedUrl("/");
        assertThat(accounts.count()).isZero();
    }

}
