package app.atelier.provider;

import java.time.Duration;

/** Keeps web cookies alive: Google expires {@code __Secure-1PSIDTS} within hours unless it is rotated. */
public interface CookieRotator {

    /**
     * Rotates the cookies once and returns the new values to store. At most once per 60 s per credential key.
     * @throws ProviderFailure {@code credentials_expired} when the cookies are dead, or another code for a passing failure
     */
    ProviderCredential.WebCookies rotate(ProviderCredential.WebCookies cookies);

    /** How often each stored credential should be rotated ({@code atelier.gemini.web.rotation-interval}). */
    default Duration rotationInterval() {
        return Duration.ofMinutes(10);
    }

}
