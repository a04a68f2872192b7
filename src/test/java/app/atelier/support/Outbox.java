package app.atelier.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.function.Predicate;
import java.util.stream.Stream;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

import org.springframework.core.env.Environment;

import org.awaitility.Awaitility;

/** The {@code .eml} files the mailer writes to {@code ${atelier.data-dir}/outbox} when no SMTP server is configured. */
public final class Outbox {

    private final Path folder;

    public Outbox(Environment environment) {
        this.folder = Path.of(environment.getRequiredProperty("atelier.data-dir")).toAbsolutePath().normalize().resolve("outbox");
    }

    public Path folder() {
        return folder;
    }

    /** Waits (mail goes out in the background) until {@code count} mails with this subject reached the address; oldest first. */
    public List<Mail> await(String to, String subject, int count) {
        List<Mail> found = new ArrayList<>();
        List<Long> previousSizes = new ArrayList<>();
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
            List<Mail> mails = mails(to, subject);
            // a file the mailer is still writing may already parse; it counts once its size stopped changing
            List<Long> sizes = sizes();
            boolean settled = sizes.equals(previousSizes);
            previousSizes.clear();
            previousSizes.addAll(sizes);
            found.clear();
            found.addAll(mails);
            return settled && found.size() >= count;
        });
        return List.copyOf(found);
    }

    public Mail awaitOne(String to, String subject) {
        return await(to, subject, 1).get(0);
    }

    /** Waits for a mail with this subject to the address that also matches {@code condition}. */
    public Mail awaitMatching(String to, String subject, Predicate<Mail> condition) {
        List<Mail> found = new ArrayList<>();
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
            found.clear();
            mails(to, subject).stream().filter(condition).forEach(found::add);
            return !found.isEmpty();
        });
        return found.get(0);
    }

    /** Mails with this subject to the address, in the order they were written. */
    public List<Mail> mails(String to, String subject) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(file -> file.toString().endsWith(".eml"))
                .sorted(Comparator.comparing(Outbox::modified))
                .map(Outbox::read)
                .filter(mail -> mail != null && mail.to().equalsIgnoreCase(to) && mail.subject().equals(subject))
                .toList();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private List<Long> sizes() {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.sorted().map(file -> {
                try {
                    return Files.size(file);
                }
                catch (IOException ex) {
                    return -1L;
                }
            }).toList();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** The files holding mails to the address. */
    public List<Path> files(String to) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(file -> {
                Mail mail = read(file);
                return mail != null && mail.to().equalsIgnoreCase(to);
            }).toList();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static Mail read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return Mail.of(new MimeMessage(Session.getInstance(new Properties()), in));
        }
        catch (IOException | MessagingException | IllegalStateException ex) {
            // a file the mailer is still writing; the next poll reads it whole
            return null;
        }
    }

    private static java.nio.file.attribute.FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

}
