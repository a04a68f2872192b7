package app.atelier.account;

import org.jspecify.annotations.Nullable;

/** What a person fills in to create an account, from the form or the API. */
public record Registration(@Nullable String username, @Nullable String email, @Nullable String password, boolean acceptTerms) {

    @Override
    public String toString() {
        return "Registration[username=" + username + "]";
    }

}
