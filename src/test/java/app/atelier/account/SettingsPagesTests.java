package app.atelier.account;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import app.atelier.support.Browser;
import app.atelier.support.TestClockConfiguration;
import app.atelier.support.Unique;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static app.atelier.account.RegistrationPagesTests.assertInOrder;
import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest
@AutoConfigureMockMvc
@Import(TestClockConfiguration.class)
class SettingsPagesTests {

    private static final String PASSWORD = "walnut heron cathedral";

    private static final String NEW_PASSWORD = "saffron glacier tortoise";

    private static final Pattern REVOKE_ACTION = Pattern.compile("action=\"/settings/tokens/(\\d+)/revoke\"");

    @Autowired
    MockMvcTester mvc;

    @Autowired
    AccountRepository accounts;

    @Autowired
    JdbcClient jdbc;

    /** Tests here delete accounts; the first account of this shared database must not be one of them. */
    @BeforeEach
    void anAdministratorExistsAlready() {
        if (accounts.count() == 0) {
            String name = Unique.name("firstadmin");
            new Browser(mvc).register(name, Unique.email(name), PASSWORD);
        }
    }

    @Test
    void changesTheEmailWithTheCurrentPassword() {
        String name = Unique.name("mover");
        Browser browser = signedUp(name);
        String newEmail = Unique.email(Unique.name("moved"));
        MvcTestResult changed = browser.post("/settings/email", "email", newEmail, "currentPassword", PASSWORD);
        assertThat(changed).hasStatus(302).hasRedirectedUrl("/settings");
        assertThat(Browser.body(browser.follow(changed))).contains("Your email address is changed.").contains(newEmail);
        assertThat(accounts.findByUsername(name).orElseThrow().email()).isEqualTo(newEmail);
        assertThat(new Browser(mvc).signIn(newEmail, PASSWORD)).hasRedirectedUrl("/");
        assertThat(new Browser(mvc).signIn(Unique.email(name), PASSWORD)).hasRedirectedUrl("/login?error");
    }

    @Test
    void aWrongCurrentPasswordShowsAnErrorAndChangesNoEmail() {
        String name = Unique.name("stayer");
        Browser browser = signedUp(name);
        MvcTestResult refused = browser.post("/settings/email", "email", Unique.email(Unique.name("elsewhere")), "currentPassword",
                "certainly not it");
        assertThat(refused).hasStatus(302).hasRedirectedUrl("/settings#email");
        String html = Browser.body(browser.follow(refused));
        assertInOrder(html, "id=\"email-title\"", "Your current password is not correct.", "id=\"email-current-password\"",
                "This is not your current password.", "id=\"password-title\"");
        assertThat(accounts.findByUsername(name).orElseThrow().email()).isEqualTo(Unique.email(name));
    }

    @Test
    void refusesAnEmailAnotherAccountUses() {
        String other = Unique.name("owner");
        signedUp(other);
        String name = Unique.name("copycat");
        Browser browser = signedUp(name);
        MvcTestResult refused = browser.post("/settings/email", "email", Unique.email(other).toUpperCase(), "currentPassword", PASSWORD);
        assertThat(refused).hasRedirectedUrl("/settings#email");
        assertThat(Browser.body(browser.follow(refused))).contains("An account with this email address already exists");
        assertThat(accounts.findByUsername(name).orElseThrow().email()).isEqualTo(Unique.email(name));
    }

    @Test
    void refusesAnInvalidEmail() {
        String name = Unique.name("typo");
        Browser browser = signedUp(name);
        MvcTestResult refused = browser.post("/settings/email", "email", "not an email", "currentPassword", PASSWORD);
        assertThat(Browser.body(browser.follow(refused))).contains("Enter a valid email address");
        assertThat(accounts.findByUsername(name).orElseThrow().email()).isEqualTo(Unique.email(name));
    }

    @Test
    void aWrongCurrentPasswordChangesNoPassword() {
        String name = Unique.name("pwwrong");
        Browser browser = signedUp(name);
        MvcTestResult refused = changePassword(browser, "certainly not it", NEW_PASSWORD, NEW_PASSWORD);
        assertThat(refused).hasRedirectedUrl("/settings#password");
        assertInOrder(Browser.body(browser.follow(refused)), "id=\"password-title\"", "Your current password is not correct.",
                "id=\"password-current\"", "This is not your current password.", "id=\"password-new\"");
        assertPasswordIs(name, PASSWORD, NEW_PASSWORD);
    }

    @Test
    void differingNewPasswordsChangeNothing() {
        String name = Unique.name("pwdiffer");
        Browser browser = signedUp(name);
        MvcTestResult refused = changePassword(browser, PASSWORD, NEW_PASSWORD, NEW_PASSWORD + "!");
        assertThat(refused).hasRedirectedUrl("/settings#password");
        assertInOrder(Browser.body(browser.follow(refused)), "id=\"password-confirm\"", "The two new passwords differ.", "id=\"tokens\"");
        assertPasswordIs(name, PASSWORD, NEW_PASSWORD);
    }

    @Test
    void aWeakNewPasswordChangesNothing() {
        String name = Unique.name("pwweak");
        Browser browser = signedUp(name);
        MvcTestResult tooShort = changePassword(browser, PASSWORD, "too short", "too short");
        assertInOrder(Browser.body(browser.follow(tooShort)), "id=\"password-new\"", "Use at least 10 characters", "id=\"password-confirm\"");
        MvcTestResult common = changePassword(browser, PASSWORD, "Password123", "Password123");
        assertThat(Browser.body(browser.follow(common))).contains("one of the most commonly used");
        MvcTestResult ownName = changePassword(browser, PASSWORD, "I am " + name + " really", "I am " + name + " really");
        assertThat(Browser.body(browser.follow(ownName))).contains("Don&#39;t use your username or email address");
        assertPasswordIs(name, PASSWORD, "Password123");
    }

    @Test
    void aNewPasswordEndsEveryRememberMeSignInOfTheAccount() {
        String name = Unique.name("pwchange");
        Browser laptop = signedUp(name);
        Browser phone = new Browser(mvc);
        assertThat(phone.signInRemembered(name, PASSWORD)).hasRedirectedUrl("/");
        assertThat(phone.cookie("ATELIER_REMEMBER_ME")).isPresent();
        long id = accounts.findByUsername(name).orElseThrow().id();
        assertThat(rememberMeRows(id)).isEqualTo(1);
        phone.closeSession();
        assertThat(phone.get("/settings")).as("remember-me signs the phone in again").hasStatus(200);

        MvcTestResult changed = changePassword(laptop, PASSWORD, NEW_PASSWORD, NEW_PASSWORD);
        assertThat(changed).hasStatus(302).hasRedirectedUrl("/settings");
        assertThat(Browser.body(laptop.follow(changed))).contains("Your password is changed.");
        assertThat(rememberMeRows(id)).isZero();
        phone.closeSession();
        assertThat(phone.get("/settings")).hasStatus(302);
        assertThat(laptop.get("/settings")).as("the session that changed the password stays").hasStatus(200);
        assertPasswordIs(name, NEW_PASSWORD, PASSWORD);
    }

    @Test
    void showsANewTokenSecretOnceAndRevokingRemovesIt() {
        String name = Unique.name("tokens");
        Browser browser = signedUp(name);
        MvcTestResult created = browser.post("/settings/tokens", "name", "nightly backup", "expiresInDays", "30");
        assertThat(created).hasStatus(302).hasRedirectedUrl("/settings#tokens");
        String shown = Browser.body(browser.follow(created));
        Matcher secret = Pattern.compile("id=\"new-token-value\"[^>]*value=\"(atl_[^\"]+)\"").matcher(shown);
        assertThat(secret.find()).as("the new secret is on the page").isTrue();
        String token = secret.group(1);
        assertThat(shown).contains("Copy it now: it is shown only once.").contains("nightly backup");
        assertThat(mvc.get().uri("/api/v1/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + token).exchange()).hasStatus(200);

        String later = browser.page("/settings");
        assertThat(later).contains("nightly backup").doesNotContain(token).doesNotContain("new-token-value");

        Matcher revoke = REVOKE_ACTION.matcher(later);
        assertThat(revoke.find()).isTrue();
        MvcTestResult revoked = browser.post("/settings/tokens/" + revoke.group(1) + "/revoke");
        assertThat(revoked).hasStatus(302).hasRedirectedUrl("/settings#tokens");
        String afterRevoke = Browser.body(browser.follow(revoked));
        assertThat(afterRevoke).contains("The token is revoked").doesNotContain("nightly backup").contains("You have no API tokens yet.");
        assertThat(mvc.get().uri("/api/v1/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + token).exchange()).hasStatus(401);
    }

    @Test
    void cannotRevokeAnotherAccountsToken() {
        Browser owner = signedUp(Unique.name("owner"));
        owner.post("/settings/tokens", "name", "owned token");
        Matcher revoke = REVOKE_ACTION.matcher(owner.page("/settings"));
        assertThat(revoke.find()).isTrue();
        Browser intruder = signedUp(Unique.name("intruder"));
        MvcTestResult refused = intruder.post("/settings/tokens/" + revoke.group(1) + "/revoke");
        assertThat(refused).hasStatus(302).hasRedirectedUrl("/settings#tokens");
        assertThat(Browser.body(intruder.follow(refused))).contains("Nothing was found at this address.");
        assertThat(owner.page("/settings")).contains("owned token");
    }

    @Test
    void deletingRequiresTheUsernameTypedExactlyAndTheCurrentPassword() {
        String name = Unique.name("keeper");
        Browser browser = signedUp(name);
        MvcTestResult wrongName = browser.post("/settings/delete", "confirmation", name.toUpperCase(), "currentPassword", PASSWORD);
        assertThat(wrongName).hasRedirectedUrl("/settings#delete");
        assertInOrder(Browser.body(browser.follow(wrongName)), "id=\"delete-title\"", "The account was not deleted.",
                "id=\"delete-confirmation\"", "Type your username exactly to confirm.");
        MvcTestResult wrongPassword = browser.post("/settings/delete", "confirmation", name, "currentPassword", "certainly not it");
        assertThat(wrongPassword).hasRedirectedUrl("/settings#delete");
        assertInOrder(Browser.body(browser.follow(wrongPassword)), "id=\"delete-title\"", "id=\"delete-password\"",
                "This is not your current password.");
        assertThat(accounts.findByUsername(name)).isPresent();
        assertThat(browser.get("/settings")).hasStatus(200);
    }

    @Test
    void deletingTheAccountSignsOutAndRemovesItsTokensAndRememberMeSignIns() {
        String name = Unique.name("leaver");
        Browser browser = new Browser(mvc);
        browser.register(name, Unique.email(name), PASSWORD);
        browser.post("/logout");
        assertThat(browser.signInRemembered(name, PASSWORD)).hasRedirectedUrl("/");
        browser.post("/settings/tokens", "name", "doomed");
        long id = accounts.findByUsername(name).orElseThrow().id();
        assertThat(rows("api_tokens", id)).isEqualTo(1);
        assertThat(rememberMeRows(id)).isEqualTo(1);

        MvcTestResult deleted = browser.post("/settings/delete", "confirmation", name, "currentPassword", PASSWORD);
        assertThat(deleted).hasStatus(302).hasRedirectedUrl("/");
        assertThat(Browser.body(browser.follow(deleted))).contains("Your account and everything in it are deleted. Goodbye!")
            .contains("Create your account");
        assertThat(browser.cookie("ATELIER_REMEMBER_ME")).isEmpty();
        assertThat(browser.get("/settings")).hasStatus(302).hasRedirectedUrl("/login");
        assertThat(accounts.findByUsername(name)).isEmpty();
        assertThat(rows("api_tokens", id)).isZero();
        assertThat(rememberMeRows(id)).isZero();
        assertThat(rows("one_time_tokens", id)).isZero();
        assertThat(new Browser(mvc).signIn(name, PASSWORD)).hasRedirectedUrl("/login?error");
    }

    private Browser signedUp(String name) {
        Browser browser = new Browser(mvc);
        assertThat(browser.register(name, Unique.email(name), PASSWORD)).hasStatus(302).hasRedirectedUrl("/");
        return browser;
    }

    private MvcTestResult changePassword(Browser browser, String current, String newPassword, String confirmation) {
        return browser.post("/settings/password", "currentPassword", current, "newPassword", newPassword, "confirmPassword", confirmation);
    }

    private void assertPasswordIs(String name, String right, String wrong) {
        assertThat(new Browser(mvc).signIn(name, wrong)).hasRedirectedUrl("/login?error");
        assertThat(new Browser(mvc).signIn(name, right)).hasRedirectedUrl("/");
    }

    private long rememberMeRows(long accountId) {
        return rows("remember_me_tokens", accountId);
    }

    private long rows(String table, long accountId) {
        return jdbc.sql("SELECT COUNT(*) FROM " + table + " WHERE account_id = :id").param("id", accountId).query(Long.class).single();
    }

}
