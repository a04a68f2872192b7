package app.atelier.provider.gemini.web;

import java.time.Duration;

import app.atelier.provider.CookieRotator;
import app.atelier.provider.ProviderCredential.WebCookies;

import org.springframework.stereotype.Component;

/** Rotates {@code __Secure-1PSIDTS} through {@code RotateCookies}, never twice within 60 s for one credential. */
@Component
class GeminiWebCookieRotator implements CookieRotator {

    private final GeminiWebClient client;

    GeminiWebCookieRotator(GeminiWebClient client) {
        this.client = client;
    }

    @Override
    public WebCookies rotate(WebCookies cookies) {
        return client.rotate(cookies);
    }

    @Override
    public Duration rotationInterval() {
        Duration configured = client.properties().rotationInterval();
        return configured.compareTo(WebProtocol.MIN_ROTATION_GAP) < 0 ? WebProtocol.MIN_ROTATION_GAP : configured;
    }

}
