package app.atelier.account;

import java.util.List;

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

@SpringBootTest(properties = "atelier.accounts.require-email-verification=true")
@AutoConfigureMockMvc
@DirtiesContext
class EmailVerificationTests {

    private static final String SUBJECT = "Confirm your email address for Atelier";

    private static final String PASSWORD = "tangerine badger chapel";

    @Autowired
    MockMvcTester mvc;

    @Autowired
    AccountRepository accounts;

    @Autowired
    Environment environment;

    @Test
    void afterRegisteringEveryPageLeadsToTheConfirmationPage() {
        String name = Unique.name("unconfirmed");
        Browser browser = new Browser(mvc);
        MvcTestResult registered = browser.register(name, Unique.email(name), PASSWORD);
        assertThat(registered).hasStatus(302).hasRedirectedUrl("/verify-email");
        assertThat(Browser.body(browser.follow(registered))).contains("Confirm your email address")
            .contains("We sent a link to <strong>" + Unique.email(name) + "</strong>");
        for (String page : new String[] { "/", "/gallery", "/password-reset" }) {
            assertThat(browser.get(page)).as(page).hasStatus(302).hasRedirectedUrl("/verify-email");
        }
        assertThat(browser.get("/settings")).as("settings stay open, to fix a mistyped address").hasStatus(200);
        assertThat(browser.get("/api/v1/me")).hasStatus(200);
        AccountApiTests.assertProblem(browser.get("/api/v1/tokens"), 403, "forbidden");
        assertThat(new Browser(mvc).signIn(name, PASSWORD)).hasRedirectedUrl("/");
    }

    @Test
    void theMailedLinkConfirmsTheAddress() {
        String name = Unique.name("confirmer");
        Browser browser = new Browser(mvc);
        browser.register(name, Unique.email(name), PASSWORD);
        Mail mail = outbox().awaitOne(Unique.email(name), SUBJECT);
        assertThat(mail.text()).contains("Hello " + name);
        String link = mail.linkPath("/verify-email/");

        MvcTestResult confirmed = browser.get(link);
        assertThat(confirmed).hasStatus(302).hasRedirectedUrl("/");
        assertThat(Browser.body(browser.follow(confirmed))).contains("Thank you, your email address is confirmed.");
        assertThat(browser.get("/")).hasStatus(200);
        assertThat(browser.get("/verify-email")).hasStatus(302).hasRedirectedUrl("/");
        assertThat(accounts.findByUsername(name).orElseThrow().emailVerified()).isTrue();

        MvcTestResult again = browser.get(link);
        assertThat(Browser.body(browser.follow(again))).contains("This confirmation link is invalid or was already used.");
    }

    @Test
    void theLinkWorksWithoutBeingSignedIn() {
        String name = Unique.name("elsewhere");
        new Browser(mvc).register(name, Unique.email(name), PASSWORD);
        String link = outbox().awaitOne(Unique.email(name), SUBJECT).linkPath("/verify-email/");
        Browser otherDevice = new Browser(mvc);
        MvcTestResult confirmed = otherDevice.get(link);
        assertThat(confirmed).hasStatus(302).hasRedirectedUrl("/login");
        assertThat(Browser.body(otherDevice.follow(confirmed))).contains("Thank you, your email address is confirmed.");
        assertThat(accounts.findByUsername(name).orElseThrow().emailVerified()).isTrue();
    }

    @Test
    void aResentLinkVoidsThePreviousOne() {
        String name = Unique.name("resender");
        Browser browser = new Browser(mvc);
        browser.register(name, Unique.email(name), PASSWORD);
        String first = outbox().awaitOne(Unique.email(name), SUBJECT).linkPath("/verify-email/");

        MvcTestResult resent = browser.post("/verify-email/resend");
        assertThat(resent).hasStatus(302).hasRedirectedUrl("/verify-email");
        assertThat(Browser.body(browser.follow(resent))).contains("We sent a new confirmation link. Earlier links no longer work.");
        List<Mail> mails = outbox().await(Unique.email(name), SUBJECT, 2);
        String second = mails.get(1).linkPath("/verify-email/");
        assertThat(second).isNotEqualTo(first);

        MvcTestResult voided = browser.get(first);
        assertThat(voided).hasStatus(302).hasRedirectedUrl("/verify-email");
        assertThat(Browser.body(browser.follow(voided))).contains("This confirmation link is invalid or was already used.")
            .contains("Send a new link");
        assertThat(accounts.findByUsername(name).orElseThrow().emailVerified()).isFalse();
        assertThat(Browser.body(browser.follow(browser.get(second)))).contains("Thank you, your email address is confirmed.");
        assertThat(accounts.findByUsername(name).orElseThrow().emailVerified()).isTrue();
    }

    @Test
    void changingTheEmailAsksForConfirmationAgain() {
        String name = Unique.name("changer");
        Browser browser = new Browser(mvc);
        browser.register(name, Unique.email(name), PASSWORD);
        browser.get(outbox().awaitOne(Unique.email(name), SUBJECT).linkPath("/verify-email/"));
        assertThat(browser.get("/")).hasStatus(200);

        String newEmail = Unique.email(Unique.name("changed"));
        MvcTestResult changed = browser.post("/settings/email", "email", newEmail, "currentPassword", PASSWORD);
        assertThat(changed).hasRedirectedUrl("/settings");
        assertThat(Browser.body(browser.follow(changed))).contains("Open the link we sent to the new address to confirm it.")
            .contains("not confirmed");
        assertThat(accounts.findByUsername(name).orElseThrow().emailVerified()).isFalse();
        assertThat(browser.get("/")).hasStatus(302).hasRedirectedUrl("/verify-email");

        String link = outbox().awaitOne(newEmail, SUBJECT).linkPath("/verify-email/");
        browser.get(link);
        assertThat(browser.get("/")).hasStatus(200);
        assertThat(accounts.findByUsername(name).orElseThrow().email()).isEqualTo(newEmail);
    }

    private Outbox outbox() {
        return new Outbox(environment);
    }

}
