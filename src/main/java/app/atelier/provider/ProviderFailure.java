package app.atelier.provider;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * A generation or rotation that did not work, with its stable {@link FailureCode} and the upstream's own reason (an
 * error code, a status, the model's refusal text). The reason never contains a credential.
 */
public class ProviderFailure extends RuntimeException {

    private final FailureCode code;

    private final @Nullable Duration retryAfter;

    public ProviderFailure(FailureCode code, String upstreamReason) {
        this(code, upstreamReason, null, null);
    }

    public ProviderFailure(FailureCode code, String upstreamReason, @Nullable Duration retryAfter, @Nullable Throwable cause) {
        super(upstreamReason, cause);
        this.code = code;
        this.retryAfter = retryAfter;
    }

    public FailureCode code() {
        return code;
    }

    public String upstreamReason() {
        return getMessage();
    }

    /** The upstream's hint of when to try again, when it gave one (a 429's retry delay, say). */
    public @Nullable Duration retryAfter() {
        return retryAfter;
    }

}
