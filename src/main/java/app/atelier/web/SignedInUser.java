package app.atelier.web;

import java.util.Collection;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.security.core.CredentialsContainer;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/** The principal of every signed-in request, whether by form, remember-me cookie or API token. */
public final class SignedInUser implements UserDetails, CredentialsContainer {

    private final long id;

    private final String username;

    private final boolean admin;

    private final boolean enabled;

    private @Nullable String passwordHash;

    public SignedInUser(long id, String username, boolean admin, boolean enabled, @Nullable String passwordHash) {
        this.id = id;
        this.username = username;
        this.admin = admin;
        this.enabled = enabled;
        this.passwordHash = passwordHash;
    }

    public long id() {
        return id;
    }

    public boolean admin() {
        return admin;
    }

    @Override
    public String getUsername() {
        return username;
    }

    @Override
    public @Nullable String getPassword() {
        return passwordHash;
    }

    @Override
    public boolean isEnabled() {
        return enabled;
    }

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        return admin ? List.of(new SimpleGrantedAuthority("ROLE_USER"), new SimpleGrantedAuthority("ROLE_ADMIN"))
                : List.of(new SimpleGrantedAuthority("ROLE_USER"));
    }

    @Override
    public void eraseCredentials() {
        passwordHash = null;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SignedInUser user && user.id == id;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(id);
    }

    @Override
    public String toString() {
        return "SignedInUser[id=" + id + ", username=" + username + "]";
    }

}
