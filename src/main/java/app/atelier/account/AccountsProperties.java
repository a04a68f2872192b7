package app.atelier.account;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Settings under {@code atelier.accounts}. */
@ConfigurationProperties("atelier.accounts")
record AccountsProperties(@DefaultValue("open") RegistrationMode registration,
        @DefaultValue("false") boolean requireEmailVerification, @DefaultValue("30d") Duration rememberMeValidity,
        @DefaultValue("30m") Duration passwordResetValidity, @DefaultValue("48h") Duration emailVerificationValidity,
        @DefaultValue LoginThrottle loginThrottle, @DefaultValue RegistrationThrottle registrationThrottle) {

    enum RegistrationMode {

        OPEN, APPROVAL, CLOSED

    }

    /** Failed sign-ins allowed per account and per client address within the window. */
    record LoginThrottle(@DefaultValue("5") int maxFailures, @DefaultValue("15m") Duration window) {
    }

    /** Registration attempts allowed per client address within the window. */
    record RegistrationThrottle(@DefaultValue("10") int maxAttempts, @DefaultValue("1h") Duration window) {
    }

}
