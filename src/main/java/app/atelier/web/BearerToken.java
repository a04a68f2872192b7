package app.atelier.web;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AbstractAuthenticationToken;

/** An API token presented as {@code Authorization: Bearer …}; the account module decides whether it is good. */
public final class BearerToken extends AbstractAuthenticationToken {

    private @Nullable String token;

    public BearerToken(String token) {
        super(List.of());
        this.token = token;
        setAuthenticated(false);
    }

    @Override
    public @Nullable String getCredentials() {
        return token;
    }

    @Override
    public Object getPrincipal() {
        return "api-token";
    }

    @Override
    public void eraseCredentials() {
        super.eraseCredentials();
        token = null;
    }

    @Override
    public String toString() {
        return "BearerToken[redacted]";
    }

}
