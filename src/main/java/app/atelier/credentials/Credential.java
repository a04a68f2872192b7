package app.atelier.credentials;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import app.atelier.provider.ProviderId;

/**
 * A stored credential as its owner may see it: status and times, and a 4-character hint of the secret, never more.
 * {@code status} is {@code valid}, {@code expired}, {@code invalid}, {@code blocked} or {@code unverified}.
 */
public record Credential(ProviderId provider, String status, @Nullable String statusDetail, String hint,
        @Nullable Instant lastVerifiedAt, @Nullable Instant lastUsedAt, @Nullable Instant lastRotatedAt, Instant createdAt,
        Instant updatedAt) {

    public boolean usable() {
        return "valid".equals(status) || "unverified".equals(status);
    }

    public boolean expired() {
        return "expired".equals(status);
    }

}
