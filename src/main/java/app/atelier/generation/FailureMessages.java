package app.atelier.generation;

import org.jspecify.annotations.Nullable;

import app.atelier.provider.FailureCode;
import app.atelier.provider.ProviderId;

/** Turns a provider's failure into a code from {@code api-v1.md} and a sentence that says what to do next. */
final class FailureMessages {

    static final String CANCELLED = "cancelled";

    private FailureMessages() {
    }

    static GenerationError of(FailureCode code, ProviderId provider, @Nullable String upstreamReason) {
        boolean web = provider == ProviderId.GEMINI_WEB;
        String message = switch (code) {
            case CREDENTIALS_EXPIRED -> web
                    ? "Your Gemini cookies expired — update them on the Credentials page, then try again."
                    : "Google no longer accepts your Gemini API key — replace it on the Credentials page, then try again.";
            case UPSTREAM_USAGE_LIMIT -> web
                    ? "Google's daily image limit for this Gemini account is reached. Try again tomorrow, or use an API key."
                    : "Your API key has reached Google's rate or usage limit. Wait a minute and try again, or check its plan in Google AI Studio.";
            case UPSTREAM_BLOCKED -> "Google refused to serve this account from here (a block or a region Gemini is not offered in). "
                    + "Check the account in the Gemini app, or use another credential.";
            case UPSTREAM_REFUSED -> "Gemini answered without an image" + reason(upstreamReason)
                    + ". Rephrase the prompt and try again.";
            case UPSTREAM_ERROR -> "Google's service answered with an error" + reason(upstreamReason) + ". Try again in a minute.";
            case TIMEOUT -> "Google did not answer in time. Try again; fewer images or a shorter prompt may help.";
        };
        return new GenerationError(code.id(), message);
    }

    static GenerationError missingCredential(ProviderId provider) {
        return new GenerationError(FailureCode.CREDENTIALS_EXPIRED.id(), provider == ProviderId.GEMINI_WEB
                ? "Your Gemini cookies are no longer usable — add them again on the Credentials page, then try again."
                : "Your Gemini API key is no longer usable — add it again on the Credentials page, then try again.");
    }

    static GenerationError cancelled() {
        return new GenerationError(CANCELLED, "You cancelled this generation.");
    }

    static GenerationError abandoned(int attempts) {
        return new GenerationError(FailureCode.UPSTREAM_ERROR.id(), "This generation was interrupted " + attempts
                + " times because the server running it stopped. Try again.");
    }

    static GenerationError unexpected() {
        return new GenerationError(FailureCode.UPSTREAM_ERROR.id(),
                "Something went wrong while making or storing the images. Try again; if it keeps happening, tell your administrator.");
    }

    private static String reason(@Nullable String upstreamReason) {
        if (upstreamReason == null || upstreamReason.isBlank()) {
            return "";
        }
        String trimmed = upstreamReason.strip();
        return ": " + (trimmed.length() > 300 ? trimmed.substring(0, 300) + "…" : trimmed);
    }

}
