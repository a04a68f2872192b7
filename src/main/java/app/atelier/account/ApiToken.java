package app.atelier.account;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/** An API token as its owner may see it after creation: everything but the secret. */
public record ApiToken(long id, String name, Instant createdAt, @Nullable Instant expiresAt, @Nullable Instant lastUsedAt) {

    public boolean expired(Instant now) {
        return expiresAt != null && !expiresAt.isAfter(now);
    }

}
