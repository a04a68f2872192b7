package app.atelier.credentials;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import app.atelier.provider.ProviderId;

/** A row of {@code credentials}: the ciphertext and everything about it. Never leaves this package. */
record StoredCredential(long id, long accountId, ProviderId provider, String ciphertext, String hint, String status,
        @Nullable String statusDetail, @Nullable Instant lastVerifiedAt, @Nullable Instant lastUsedAt,
        @Nullable Instant lastRotatedAt, Instant createdAt, Instant updatedAt) {

    Credential view() {
        return new Credential(provider, status, statusDetail, hint, lastVerifiedAt, lastUsedAt, lastRotatedAt, createdAt, updatedAt);
    }

    @Override
    public String toString() {
        return "StoredCredential[id=" + id + ", account=" + accountId + ", " + provider.id() + ", " + status + "]";
    }

}
