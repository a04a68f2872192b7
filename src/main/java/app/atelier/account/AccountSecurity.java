package app.atelier.account;

import app.atelier.platform.DataDirectory;
import app.atelier.web.BearerToken;
import app.atelier.web.SignedInUser;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.RememberMeAuthenticationProvider;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.RememberMeServices;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/** How accounts sign in: the pieces the web module's filter chains pick up by type. */
@Configuration(proxyBeanMethods = false)
class AccountSecurity {

    static final String REMEMBER_ME_COOKIE = "ATELIER_REMEMBER_ME";

    /** Argon2id (OWASP's first choice for password storage), with Spring Security's current parameters. */
    @Bean
    PasswordEncoder passwordEncoder() {
        return Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8();
    }

    @Bean
    AuthenticationProvider passwordSignIn(Accounts accounts) {
        return new AuthenticationProvider() {

            @Override
            public Authentication authenticate(Authentication authentication) {
                String address = authentication.getDetails() instanceof WebAuthenticationDetails details
                        && details.getRemoteAddress() != null ? details.getRemoteAddress() : "unknown";
                Object credentials = authentication.getCredentials();
                Account account = accounts.authenticate(authentication.getName(), credentials == null ? "" : credentials.toString(),
                        address);
                SignedInUser user = signedIn(account);
                return UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities());
            }

            @Override
            public boolean supports(Class<?> authentication) {
                return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
            }
        };
    }

    @Bean
    AuthenticationProvider apiTokenSignIn(ApiTokens tokens) {
        return new AuthenticationProvider() {

            @Override
            public Authentication authenticate(Authentication authentication) {
                Object secret = authentication.getCredentials();
                SignedInUser user = (secret == null ? java.util.Optional.<SignedInUser>empty() : tokens.authenticate(secret.toString()))
                    .orElseThrow(() -> new BadCredentialsException("Unknown, expired or revoked API token"));
                return UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities());
            }

            @Override
            public boolean supports(Class<?> authentication) {
                return BearerToken.class.isAssignableFrom(authentication);
            }
        };
    }

    @Bean
    AuthenticationProvider rememberMeSignIn(RememberMeKey key) {
        return new RememberMeAuthenticationProvider(key.value());
    }

    @Bean
    RememberMeServices rememberMeServices(RememberMeKey key, AccountRepository accounts, RememberMeTokens tokens,
            AccountsProperties properties, @Value("${server.servlet.session.cookie.secure:true}") boolean secureCookies) {
        UserDetailsService users = username -> accounts.findByUsername(username)
            .map(AccountSecurity::signedIn)
            .orElseThrow(() -> new UsernameNotFoundException("No such account"));
        HashingRememberMeServices services = new HashingRememberMeServices(key.value(), users, tokens);
        services.setCookieName(REMEMBER_ME_COOKIE);
        services.setTokenValiditySeconds((int) properties.rememberMeValidity().toSeconds());
        services.setUseSecureCookie(secureCookies);
        return services;
    }

    /** Sends a failed sign-in back to the form with the reason, keeping what was typed as the login. */
    @Bean
    AuthenticationFailureHandler signInFailure() {
        return (request, response, ex) -> {
            String login = request.getParameter("username");
            if (login != null) {
                request.getSession().setAttribute(SignInController.LAST_LOGIN_ATTRIBUTE, login.strip());
            }
            String reason = ex instanceof LoginThrottledException throttled
                    ? "throttled=" + Math.max(1, (throttled.retryAfter().toSeconds() + 59) / 60)
                    : ex instanceof DisabledException ? "disabled" : "error";
            response.sendRedirect(request.getContextPath() + "/login?" + reason);
        };
    }

    @Bean
    RememberMeKey rememberMeKey(@Value("${atelier.security.remember-me-key:}") String configured, DataDirectory dataDirectory) {
        return new RememberMeKey(configured.isBlank() ? dataDirectory.secret("remember-me.key", "remember-me key") : configured);
    }

    static SignedInUser signedIn(Account account) {
        return new SignedInUser(account.id(), account.username(), account.admin(), account.enabled(), null);
    }

    /** Identifies remember-me authentications made by this installation. */
    record RememberMeKey(String value) {

        @Override
        public String toString() {
            return "RememberMeKey[redacted]";
        }

    }

}
