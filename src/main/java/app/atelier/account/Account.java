package app.atelier.account;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/** A person who can sign in. The password hash never leaves the repository. */
public record Account(long id, String username, String email, Role role, String tier, boolean enabled, boolean approved,
        boolean emailVerified, Instant createdAt, @Nullable Instant lastLoginAt) {

    public boolean admin() {
        return role == Role.ADMIN;
    }

}
