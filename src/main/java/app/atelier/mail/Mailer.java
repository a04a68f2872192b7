package app.atelier.mail;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.Properties;
import java.util.UUID;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import app.atelier.platform.DataDirectory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Component;

/**
 * Sends plain-text mail in the background, so a request never waits for (or reveals, by its timing) an SMTP
 * conversation. Logs say where a mail went, never what it says: mails carry sign-in links.
 */
@Component
public class Mailer {

    private static final Logger log = LoggerFactory.getLogger(Mailer.class);

    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final @Nullable JavaMailSender smtp;

    private final DataDirectory dataDirectory;

    private final String from;

    Mailer(ObjectProvider<JavaMailSender> smtp, DataDirectory dataDirectory,
            @Value("${atelier.mail.from:Atelier <atelier@localhost>}") String from) {
        this.smtp = smtp.getIfAvailable();
        this.dataDirectory = dataDirectory;
        this.from = from;
    }

    @Async
    public void send(String to, String subject, String text) {
        try {
            if (smtp != null) {
                MimeMessage message = smtp.createMimeMessage();
                fill(message, to, subject, text);
                smtp.send(message);
                log.info("Sent mail \"{}\" to {}", subject, masked(to));
            }
            else {
                Path file = writeToOutbox(to, subject, text);
                log.info("No SMTP server configured (spring.mail.host): wrote mail \"{}\" for {} to {}", subject, masked(to), file);
            }
        }
        catch (MessagingException | MailException | IOException ex) {
            log.warn("Could not send mail \"{}\" to {}: {}", subject, masked(to), ex.getClass().getSimpleName());
        }
    }

    private Path writeToOutbox(String to, String subject, String text) throws MessagingException, IOException {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        fill(message, to, subject, text);
        Path file = dataDirectory.folder("outbox")
            .resolve(FILE_TIME.format(Instant.now()) + "-" + UUID.randomUUID().toString().substring(0, 8) + ".eml");
        try (OutputStream out = Files.newOutputStream(file)) {
            message.writeTo(out);
        }
        return file;
    }

    private void fill(MimeMessage message, String to, String subject, String text) throws MessagingException {
        message.setFrom(new InternetAddress(from));
        message.setRecipients(MimeMessage.RecipientType.TO, InternetAddress.parse(to));
        message.setSubject(subject, "UTF-8");
        message.setText(text, "UTF-8");
        message.setSentDate(new Date());
    }

    static String masked(String email) {
        int at = email.indexOf('@');
        return at <= 1 ? "***" + email.substring(Math.max(at, 0)) : email.charAt(0) + "***" + email.substring(at);
    }

}
