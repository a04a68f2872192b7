package app.atelier.account;

import java.time.Duration;

import org.springframework.security.core.AuthenticationException;

/** Too many failed sign-ins for an account or from one address; even a correct password waits until {@link #retryAfter()}. */
public class LoginThrottledException extends AuthenticationException {

    private final Duration retryAfter;

    public LoginThrottledException(Duration retryAfter) {
        super("Too many failed sign-in attempts");
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

}
