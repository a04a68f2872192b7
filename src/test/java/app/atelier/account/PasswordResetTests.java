package app.atelier.account;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import app.atelier.support.Browser;
import app.atelier.support.Mail;
import app.atelier.support.MutableClock;
import app.atelier.support.TestClockConfiguration;
import app.atelier.support.Unique;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static app.atelier.account.RegistrationPagesTests.assertInOrder;
import static app.atelier.support.Requests.basic;
import static org.assertj.core.api.Assertions.assertThat;

/** Password reset with mail going through a real SMTP server (GreenMail, on a free port). */
@SpringBootTest
@AutoConfigureMockMvc
@Import(TestClockConfiguration.class)
@ExtendWith(OutputCaptureExtension.class)
class PasswordResetTests {

    static final String RESET_SUBJECT = "Reset your Atelier password";

    private static final String PASSWORD = "juniper otter lighthouse";

    private static final String NEW_PASSWORD = "marble falcon snowdrift";

    @RegisterExtension
    static final GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort()).withPerMethodLifecycle(false);

    @DynamicPropertySource
    static void mailServer(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> smtp.getSmtp().getServerSetup().getBindAddress());
        registry.add("spring.mail.port", () -> smtp.getSmtp().getPort());
    }

    @Autowired
    MockMvcTester mvc;

    @Autowired
    MutableClock clock;

    @Test
    void answersTheSameForKnownAndUnknownAddresses() {
        String unknown = Unique.email(Unique.name("stranger"));
        MvcTestResult forUnknown = new Browser(mvc).post("/password-reset", "email", unknown);
        String name = registered();
        Browser browser = new Browser(mvc);
        MvcTestResult forKnown = browser.post("/password-reset", "email", Unique.email(name));

        for (MvcTestResult result : List.of(forUnknown, forKnown)) {
            assertThat(result).hasStatus(302).hasRedirectedUrl("/password-reset");
            assertThat(result).flash().containsOnlyKeys("flash");
            assertThat(result.getMvcResult().getFlashMap().get("flash")).hasToString(
                    "Flash[kind=info, message=" + PasswordResetController.SENT_MESSAGE + "]");
        }
        assertThat(Browser.body(browser.follow(forKnown))).contains("If an account uses this address, we sent it a link");

        awaitMails(Unique.email(name), RESET_SUBJECT, 1);
        assertThat(smtp.getReceivedMessagesForDomain(unknown)).isEmpty();
    }

    @Test
    void mailsALinkThatWorksOnce() {
        String name = registered();
        String link = requestReset(name);
        Mail mail = awaitMails(Unique.email(name), RESET_SUBJECT, 1).get(0);
        assertThat(mail.text()).contains("Hello " + name).contains("within 30 minutes").contains("http://localhost" + link);

        Browser browser = new Browser(mvc);
        assertThat(browser.page(link)).contains("Choose a new password").contains("action=\"" + link + "\"");
        MvcTestResult reset = browser.post(link, "newPassword", NEW_PASSWORD, "confirmPassword", NEW_PASSWORD);
        assertThat(reset).hasStatus(302).hasRedirectedUrl("/login");
        assertThat(Browser.body(browser.follow(reset))).contains("Your password is changed. Sign in with the new one.");

        assertThat(new Browser(mvc).signIn(name, PASSWORD)).hasRedirectedUrl("/login?error");
        assertThat(new Browser(mvc).signIn(name, NEW_PASSWORD)).hasRedirectedUrl("/");

        MvcTestResult again = new Browser(mvc).get(link);
        assertThat(again).hasStatus(404);
        assertThat(Browser.body(again)).contains("This link no longer works");
        MvcTestResult reused = new Browser(mvc).post(link, "newPassword", "another fine passphrase", "confirmPassword",
                "another fine passphrase");
        assertThat(reused).hasStatus(404);
        assertThat(new Browser(mvc).signIn(name, NEW_PASSWORD)).hasRedirectedUrl("/");
    }

    @Test
    void aLinkExpiresAfterThirtyMinutes() {
        String name = registered();
        String link = requestReset(name);
        clock.advance(Duration.ofMinutes(29));
        assertThat(new Browser(mvc).get(link)).hasStatus(200);
        clock.advance(Duration.ofMinutes(1).plusSeconds(1));
        MvcTestResult expired = new Browser(mvc).get(link);
        assertThat(expired).hasStatus(404);
        assertThat(Browser.body(expired)).contains("This link no longer works");
        assertThat(new Browser(mvc).post(link, "newPassword", NEW_PASSWORD, "confirmPassword", NEW_PASSWORD)).hasStatus(404);
        assertThat(new Browser(mvc).signIn(name, PASSWORD)).hasRedirectedUrl("/");
    }

    @Test
    void aNewerLinkVoidsTheOlderOne() {
        String name = registered();
        String older = requestReset(name);
        Browser browser = new Browser(mvc);
        browser.post("/password-reset", "email", Unique.email(name));
        String newer = awaitMails(Unique.email(name), RESET_SUBJECT, 2).get(1).linkPath("/password-reset/");
        assertThat(newer).isNotEqualTo(older);
        assertThat(new Browser(mvc).get(older)).hasStatus(404);
        assertThat(new Browser(mvc).post(older, "newPassword", NEW_PASSWORD, "confirmPassword", NEW_PASSWORD)).hasStatus(404);
        assertThat(new Browser(mvc).get(newer)).hasStatus(200);
        assertThat(new Browser(mvc).post(newer, "newPassword", NEW_PASSWORD, "confirmPassword", NEW_PASSWORD))
            .hasRedirectedUrl("/login");
    }

    @Test
    void theNewPasswordMustPassThePolicyAndBeTypedTwiceAlike() {
        String name = registered();
        String link = requestReset(name);
        Browser browser = new Browser(mvc);

        MvcTestResult tooShort = browser.post(link, "newPassword", "too short", "confirmPassword", "too short");
        assertThat(tooShort).hasStatus(422);
        assertInOrder(Browser.body(tooShort), "id=\"newPassword\"", "Use at least 10 characters", "id=\"confirmPassword\"");
        MvcTestResult common = browser.post(link, "newPassword", "Basketball", "confirmPassword", "Basketball");
        assertThat(common).hasStatus(422);
        assertThat(Browser.body(common)).contains("one of the most commonly used");
        MvcTestResult ownName = browser.post(link, "newPassword", name + " rocks!", "confirmPassword", name + " rocks!");
        assertThat(ownName).hasStatus(422);
        MvcTestResult mismatch = browser.post(link, "newPassword", NEW_PASSWORD, "confirmPassword", NEW_PASSWORD + "?");
        assertThat(mismatch).hasStatus(422);
        assertInOrder(Browser.body(mismatch), "id=\"confirmPassword\"", "The two passwords differ.");

        assertThat(new Browser(mvc).signIn(name, PASSWORD)).as("nothing changed yet").hasRedirectedUrl("/");
        assertThat(browser.post(link, "newPassword", NEW_PASSWORD, "confirmPassword", NEW_PASSWORD)).hasRedirectedUrl("/login");
        assertThat(new Browser(mvc).signIn(name, NEW_PASSWORD)).hasRedirectedUrl("/");
    }

    @Test
    void anUnknownLinkShowsTheExpiredPage() {
        MvcTestResult unknown = new Browser(mvc).get("/password-reset/not-a-token-we-issued");
        assertThat(unknown).hasStatus(404);
        assertThat(Browser.body(unknown)).contains("This link no longer works").contains("Get a new link");
    }

    @Test
    void secretsNeverAppearInTheLog(CapturedOutput output) {
        String name = registered();
        String email = Unique.email(name);
        MvcTestResult created = mvc.post().uri("/api/v1/tokens").remoteAddress(Unique.address())
            .header(HttpHeaders.AUTHORIZATION, basic(name, PASSWORD)).exchange();
        assertThat(created).hasStatus(201);
        String apiToken = Browser.body(created).replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");
        assertThat(mvc.get().uri("/api/v1/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + apiToken).exchange()).hasStatus(200);
        Browser phone = new Browser(mvc);
        assertThat(phone.signInRemembered(name, PASSWORD)).hasRedirectedUrl("/");
        String rememberMe = phone.cookie("ATELIER_REMEMBER_ME").orElseThrow().getValue();
        new Browser(mvc).signIn(name, "a wrong password for the log");

        String link = requestReset(name);
        String resetToken = link.substring(link.lastIndexOf('/') + 1);
        Browser browser = new Browser(mvc);
        assertThat(browser.post(link, "newPassword", NEW_PASSWORD, "confirmPassword", NEW_PASSWORD)).hasRedirectedUrl("/login");
        assertThat(new Browser(mvc).signIn(name, NEW_PASSWORD)).hasRedirectedUrl("/");
        awaitMails(email, "Your Atelier password was changed", 1);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> output.getAll().contains("Sent mail \"Your Atelier password was changed\""));

        assertThat(output.getAll()).contains("Sent mail \"" + RESET_SUBJECT + "\" to " + name.charAt(0) + "***@example.com")
            .doesNotContain(resetToken)
            .doesNotContain(PASSWORD)
            .doesNotContain(NEW_PASSWORD)
            .doesNotContain("a wrong password for the log")
            .doesNotContain(apiToken)
            .doesNotContain(apiToken.substring(4))
            .doesNotContain(rememberMe);
        String applicationLog = output.getAll().lines().filter(line -> !line.contains("c.icegreen.greenmail"))
            .collect(Collectors.joining("\n"));
        assertThat(applicationLog).as("the application masks addresses (the test mail server does not)").doesNotContain(email);
    }

    private String registered() {
        String name = Unique.name("reset");
        assertThat(new Browser(mvc).register(name, Unique.email(name), PASSWORD)).hasStatus(302).hasRedirectedUrl("/");
        return name;
    }

    /** Asks for a reset link and answers its path, once the mail arrived. */
    private String requestReset(String name) {
        String email = Unique.email(name);
        int before = mails(email, RESET_SUBJECT).size();
        assertThat(new Browser(mvc).post("/password-reset", "email", email)).hasRedirectedUrl("/password-reset");
        return awaitMails(email, RESET_SUBJECT, before + 1).get(before).linkPath("/password-reset/");
    }

    /** Mail goes out in the background: waits until {@code count} mails with this subject reached the address. */
    static List<Mail> awaitMails(String to, String subject, int count) {
        List<Mail> found = new ArrayList<>();
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
            found.clear();
            found.addAll(mails(to, subject));
            return found.size() >= count;
        });
        return found;
    }

    private static List<Mail> mails(String to, String subject) {
        return Arrays.stream(smtp.getReceivedMessagesForDomain(to))
            .map(Mail::of)
            .filter(mail -> mail.to().equalsIgnoreCase(to) && mail.subject().equals(subject))
            .toList();
    }

}
