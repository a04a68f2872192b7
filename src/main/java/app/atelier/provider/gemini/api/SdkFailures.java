package app.atelier.provider.gemini.api;

import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.genai.errors.ApiException;
import com.google.genai.errors.GenAiIOException;
import org.jspecify.annotations.Nullable;

import app.atelier.provider.FailureCode;
import app.atelier.provider.ProviderFailure;

/**
 * Turns what the SDK throws into our stable failure codes. Reasons keep the upstream's own words (code, status and
 * message, without the JSON details) and never the key: Google does not echo keys, and {@link #scrub} makes sure.
 */
final class SdkFailures {

    private static final Pattern RETRY_DELAY = Pattern.compile("\"retryDelay\"\\s*:\\s*\"(\\d+(?:\\.\\d+)?)s\"");

    private SdkFailures() {
    }

    /** What a failed {@code generateContent} means for the caller. */
    static ProviderFailure ofGeneration(RuntimeException ex, String apiKey, Duration timeout) {
        if (ex instanceof ApiException api) {
            String reason = scrub(reasonOf(api), apiKey);
            return new ProviderFailure(codeOf(api), reason, api.code() == 429 ? retryDelay(api) : null,
                    redacted(api, apiKey));
        }
        return ofTransport(ex, apiKey, timeout);
    }

    /** A failure that says nothing about the key: the network, a timeout, or an answer the SDK could not read. */
    static ProviderFailure ofTransport(RuntimeException ex, String apiKey, Duration timeout) {
        if (ex instanceof GenAiIOException) {
            if (causedBy(ex, InterruptedIOException.class)) {
                return new ProviderFailure(FailureCode.TIMEOUT,
                        "No answer from the Gemini API within " + seconds(timeout), null, redacted(ex, apiKey));
            }
            return new ProviderFailure(FailureCode.UPSTREAM_ERROR,
                    scrub("Could not reach the Gemini API: " + rootMessage(ex), apiKey), null, redacted(ex, apiKey));
        }
        if (ex instanceof ApiException api) {
            return new ProviderFailure(FailureCode.UPSTREAM_ERROR, scrub(reasonOf(api), apiKey), null,
                    redacted(api, apiKey));
        }
        return new ProviderFailure(FailureCode.UPSTREAM_ERROR,
                scrub("Unexpected answer from the Gemini API: " + rootMessage(ex), apiKey), null, redacted(ex, apiKey));
    }

    /** "400 INVALID_ARGUMENT: API key not valid. Please pass a valid API key." */
    static String reasonOf(ApiException api) {
        String message = api.message() == null ? "" : api.message();
        int details = message.indexOf("\nDetails:");
        String words = (details < 0 ? message : message.substring(0, details)).strip();
        return api.code() + " " + api.status() + (words.isEmpty() ? "" : ": " + words);
    }

    /** Google's way of saying that the key itself is wrong (400 with {@code API_KEY_INVALID}, or 401). */
    static boolean rejectsTheKey(ApiException api) {
        String message = api.message() == null ? "" : api.message();
        return api.code() == 401 || (api.code() == 400
                && (message.contains("API_KEY_INVALID") || message.contains("API key not valid")));
    }

    /**
     * Google's way of saying that this caller may not use the API: 403 (leaked, blocked or restricted key, no
     * permission) or 400 FAILED_PRECONDITION ("User location is not supported for the API use.").
     */
    static boolean refusesTheCaller(ApiException api) {
        return api.code() == 403 || (api.code() == 400 && "FAILED_PRECONDITION".equals(api.status()));
    }

    static String scrub(String text, String apiKey) {
        return apiKey.isEmpty() ? text : text.replace(apiKey, "[redacted]");
    }

    /**
     * The cause to keep: the exception itself, or, should any message in its chain contain the key, a copy of the
     * chain with the key blanked out (same classes named, same stack traces).
     */
    static @Nullable Throwable redacted(@Nullable Throwable ex, String apiKey) {
        if (ex == null || apiKey.isEmpty() || !mentions(ex, apiKey)) {
            return ex;
        }
        RuntimeException copy = new RuntimeException(
                scrub(ex.getClass().getName() + (ex.getMessage() == null ? "" : ": " + ex.getMessage()), apiKey),
                redacted(ex.getCause() == ex ? null : ex.getCause(), apiKey));
        copy.setStackTrace(ex.getStackTrace());
        return copy;
    }

    private static boolean mentions(Throwable ex, String apiKey) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (String.valueOf(cause.getMessage()).contains(apiKey) || cause.toString().contains(apiKey)) {
                return true;
            }
        }
        return false;
    }

    private static FailureCode codeOf(ApiException api) {
        if (rejectsTheKey(api)) {
            // The key worked when it was saved; now it does not, so its owner has to replace it.
            return FailureCode.CREDENTIALS_EXPIRED;
        }
        if (refusesTheCaller(api)) {
            return FailureCode.UPSTREAM_BLOCKED;
        }
        if (api.code() == 429) {
            return FailureCode.UPSTREAM_USAGE_LIMIT;
        }
        if (api.code() == 504 && "DEADLINE_EXCEEDED".equals(api.status())) {
            // The SDK sends our timeout as X-Server-Timeout: the server gave up within the time we allowed.
            return FailureCode.TIMEOUT;
        }
        return FailureCode.UPSTREAM_ERROR;
    }

    /** The RetryInfo detail of a 429 ({@code "retryDelay":"26s"}), which the SDK keeps in the message. */
    private static @Nullable Duration retryDelay(ApiException api) {
        if (api.message() == null) {
            return null;
        }
        Matcher delay = RETRY_DELAY.matcher(api.message());
        if (!delay.find()) {
            return null;
        }
        return Duration.ofMillis(Math.round(Double.parseDouble(delay.group(1)) * 1000));
    }

    private static String seconds(Duration timeout) {
        return timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() / 1000.0 + " s";
    }

    private static boolean causedBy(Throwable ex, Class<? extends Throwable> type) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable ex) {
        Throwable root = ex;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName()
                : root.getClass().getSimpleName() + ": " + root.getMessage();
    }

}
