package app.atelier.browser;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

import app.atelier.account.Accounts;
import app.atelier.account.Registration;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

@SpringBootTest(webEnvironment = RANDOM_PORT)
class PasswordResetBrowserTests {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private static final String PASSWORD = "violet otter marmalade";

    private static final String NEW_PASSWORD = "amber heron lantern";

    private static final String RESET_SUBJECT = "Reset your Atelier password";

    private static final String SENT = "If an account uses this address, we sent it a link to reset the password.";

    // Started before the Spring context, which reads its port; it keeps the mails of the whole class.
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
        .withPerMethodLifecycle(false);

    @RegisterExtension
    static final Browser browser = new Browser();

    @DynamicPropertySource
    static void smtp(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> greenMail.getSmtp().getPort());
    }

    @Autowired
    Accounts accounts;

    @Test
    void resetsAForgottenPasswordWithTheLinkFromTheMail() {
        String email = registered("forgetful");

        requestReset(email);
        assertThat(browser.path()).isEqualTo("/password-reset");
        assertThat(browser.text(By.cssSelector(".flash-info"))).startsWith(SENT);

        String link = linkIn(awaitResetMail(email));
        assertThat(link).startsWith(browser.baseUrl() + "/password-reset/");
        browser.open(link);
        assertThat(browser.text(By.tagName("h1"))).isEqualTo("Choose a new password");
        browser.fill("newPassword", NEW_PASSWORD);
        browser.fill("confirmPassword", NEW_PASSWORD);
        browser.submit(By.cssSelector("form[action*='/password-reset/'] button[type=submit]"));
        assertThat(browser.path()).isEqualTo("/login");
        assertThat(browser.text(By.cssSelector(".flash-success"))).isEqualTo("Your password is changed. Sign in with the new one.");

        signIn(email, PASSWORD);
        assertThat(browser.text(By.cssSelector(".flash-error"))).isEqualTo("Wrong username, email or password.");
        signIn(email, NEW_PASSWORD);
        assertThat(browser.path()).isEqualTo("/");
        assertThat(browser.text(By.tagName("h1"))).startsWith("Hello, ");

        browser.open(link);
        assertThat(browser.text(By.tagName("h1"))).isEqualTo("This link no longer works");
        assertThat(browser.optional(By.id("newPassword"))).isEmpty();
    }

    @Test
    void answersTheSameForAnUnknownAddressAndSendsNoMail() {
        String unknown = "nobody" + SEQUENCE.incrementAndGet() + "@example.com";
        requestReset(unknown);
        String answerForUnknown = browser.text(By.cssSelector(".flash-info"));

        // A request for a known address afterwards: once its mail is in, a mail for the first one would be too.
        String known = registered("known");
        requestReset(known);
        String answerForKnown = browser.text(By.cssSelector(".flash-info"));
        awaitResetMail(known);

        assertThat(answerForUnknown).startsWith(SENT).isEqualTo(answerForKnown);
        assertThat(mailsTo(unknown)).isEmpty();
    }

    private String registered(String prefix) {
        String name = prefix + SEQUENCE.incrementAndGet();
        return accounts.register(new Registration(name, name + "@example.com", PASSWORD, true), "browser-test-setup").email();
    }

    private static void requestReset(String email) {
        browser.open("/password-reset");
        browser.fill("email", email);
        browser.submit(By.cssSelector("form[action$='/password-reset'] button[type=submit]"));
    }

    private static void signIn(String login, String password) {
        browser.open("/login");
        browser.fill("username", login);
        browser.fill("password", password);
        browser.submit(By.cssSelector("form[action$='/login'] button[type=submit]"));
    }

    private static MimeMessage awaitResetMail(String email) {
        return await().atMost(Duration.ofSeconds(30))
            .until(() -> mailsTo(email).stream().filter(mail -> subject(mail).equals(RESET_SUBJECT)).toList(),
                    mails -> !mails.isEmpty())
            .get(0);
    }

    private static List<MimeMessage> mailsTo(String email) {
        return Arrays.stream(greenMail.getReceivedMessages()).filter(mail -> recipients(mail).contains(email)).toList();
    }

    private static String linkIn(MimeMessage mail) {
        String text;
        try {
            text = mail.getContent().toString();
        }
        catch (MessagingException | IOException ex) {
            throw new IllegalStateException(ex);
        }
        Matcher link = Pattern.compile("https?://\\S+/password-reset/\\S+").matcher(text);
        assertThat(link.find()).as("a reset link in: %s", text).isTrue();
        return link.group();
    }

    private static String subject(MimeMessage mail) {
        try {
            return mail.getSubject();
        }
        catch (MessagingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static List<String> recipients(MimeMessage mail) {
        try {
            return Arrays.stream(mail.getRecipients(RecipientType.TO)).map(address -> ((InternetAddress) address).getAddress()).toList();
        }
        catch (MessagingException ex) {
            throw new IllegalStateException(ex);
        }
    }

}
