package app.atelier.account;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * Password rules after NIST SP 800-63B: 10 to 128 characters, not a commonly used password, not built from the
 * username or email. No composition rules: they make passwords harder to remember, not to guess.
 */
@Component
class PasswordPolicy {

    static final int MIN_LENGTH = 10;

    static final int MAX_LENGTH = 128;

    private final Set<String> commonPasswords;

    PasswordPolicy() {
        this.commonPasswords = load("account/common-passwords.txt");
    }

    /** Why the password is refused, or empty when it is acceptable. */
    Optional<String> check(String password, String username, String email) {
        int length = password.codePointCount(0, password.length());
        if (length < MIN_LENGTH) {
            return Optional.of("Use at least " + MIN_LENGTH + " characters; a few unrelated words make a strong, memorable password.");
        }
        if (length > MAX_LENGTH) {
            return Optional.of("Use at most " + MAX_LENGTH + " characters.");
        }
        String lower = password.toLowerCase(Locale.ROOT);
        if (commonPasswords.contains(lower)) {
            return Optional.of("This password is one of the most commonly used ones; choose something less predictable.");
        }
        if (contains(lower, username) || contains(lower, email) || contains(lower, localPart(email))) {
            return Optional.of("Don't use your username or email address in your password.");
        }
        return Optional.empty();
    }

    private static boolean contains(String lowerPassword, String part) {
        return part.length() >= 3 && lowerPassword.contains(part.toLowerCase(Locale.ROOT));
    }

    private static String localPart(String email) {
        int at = email.indexOf('@');
        return at < 0 ? "" : email.substring(0, at);
    }

    private static Set<String> load(String resource) {
        Set<String> passwords = new HashSet<>();
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(new ClassPathResource(resource).getInputStream(), StandardCharsets.UTF_8))) {
            reader.lines().filter(line -> !line.isBlank() && !line.startsWith("#")).map(String::strip).forEach(passwords::add);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot read the list of common passwords", ex);
        }
        return Set.copyOf(passwords);
    }

}
