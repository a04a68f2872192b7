package app.atelier.account;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import app.atelier.support.Browser;
import app.atelier.support.Mail;
import app.atelier.support.Outbox;
import app.atelier.support.TestClockConfiguration;
import app.atelier.support.Unique;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;

/** Without {@code spring.mail.host} mails become {@code .eml} files in the data directory's outbox. */
@SpringBootTest
@AutoConfigureMockMvc
@Import(TestClockConfiguration.class)
@ExtendWith(OutputCaptureExtension.class)
class PasswordResetOutboxTests {

    private static final String PASSWORD = "hazel beetle monsoon";

    @Autowired
    MockMvcTester mvc;

    @Autowired
    Environment environment;

    @Test
    void writesTheResetMailToTheOutboxAndLogsWhereButNotTheLink(CapturedOutput output) {
        assertThat(environment.getProperty("spring.mail.host")).isNull();
        String name = Unique.name("offline");
        String email = Unique.email(name);
        assertThat(new Browser(mvc).register(name, email, PASSWORD)).hasRedirectedUrl("/");
        assertThat(new Browser(mvc).post("/password-reset", "email", email)).hasRedirectedUrl("/password-reset");

        Outbox outbox = new Outbox(environment);
        Mail mail = outbox.awaitOne(email, PasswordResetTests.RESET_SUBJECT);
        String link = mail.linkPath("/password-reset/");
        String token = link.substring(link.lastIndexOf('/') + 1);
        List<Path> files = outbox.files(email);
        assertThat(files).hasSize(1);
        Path file = files.get(0);
        assertThat(file.getParent()).isEqualTo(outbox.folder());
        assertThat(file.getFileName().toString()).endsWith(".eml");
        assertThat(Files.isRegularFile(file)).isTrue();

        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> output.getAll().contains(file.toString()));
        assertThat(output.getAll()).contains("No SMTP server configured (spring.mail.host): wrote mail \"" + PasswordResetTests.RESET_SUBJECT
                + "\" for " + name.charAt(0) + "***@example.com to " + file)
            .doesNotContain(token)
            .doesNotContain(PASSWORD)
            .doesNotContain(email);

        assertThat(new Browser(mvc).get(link)).hasStatus(200);
    }

}
