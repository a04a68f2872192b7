package app.atelier.support;

import java.io.IOException;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import static org.assertj.core.api.Assertions.assertThat;

/** A received plain-text mail, decoded. */
public record Mail(String to, String subject, String text) {

    public static Mail of(MimeMessage message) {
        try {
            String to = Arrays.stream(message.getAllRecipients()).map(Object::toString).collect(Collectors.joining(", "));
            return new Mail(to, message.getSubject(), String.valueOf(message.getContent()));
        }
        catch (MessagingException | IOException ex) {
            throw new IllegalStateException("Cannot read a mail", ex);
        }
    }

    /** The path (and query) of the first absolute link in the text whose path starts with {@code pathPrefix}. */
    public String linkPath(String pathPrefix) {
        Matcher matcher = Pattern.compile("https?://[^/\\s]+(" + Pattern.quote(pathPrefix) + "\\S+)").matcher(text);
        assertThat(matcher.find()).as("the mail has a link to %s…: %s", pathPrefix, text).isTrue();
        return matcher.group(1);
    }

    /** The last segment of {@link #linkPath(String)}: the token of a reset or confirmation link. */
    public String token(String pathPrefix) {
        String path = linkPath(pathPrefix);
        return path.substring(path.lastIndexOf('/') + 1);
    }

}
