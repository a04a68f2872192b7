package app.atelier.account;

import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.web.authentication.rememberme.PersistentTokenBasedRememberMeServices;

/**
 * Spring's persistent remember-me, with the token half of the cookie hashed on the way in so it compares with the
 * hash {@link RememberMeTokens} stores. A stolen database therefore holds no usable remember-me cookie.
 */
class HashingRememberMeServices extends PersistentTokenBasedRememberMeServices {

    HashingRememberMeServices(String key, UserDetailsService users, RememberMeTokens tokens) {
        super(key, users, tokens);
    }

    @Override
    protected String[] decodeCookie(String cookieValue) {
        String[] parts = super.decodeCookie(cookieValue);
        if (parts.length == 2) {
            parts[1] = SecretTokens.hash(parts[1]);
        }
        return parts;
    }

}
