package app.atelier.provider.gemini.web;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import app.atelier.provider.ProviderCredential.WebCookies;
import app.atelier.provider.ProviderFailure;

/**
 * What the client remembers about one stored credential between calls: its cookie jar, the last access token the
 * page gave (Google leaves it out of {@code /app} now and then; it stays usable for a while) and the last rotation.
 */
final class WebSession {

    /** The outcome of the last rotation: the cookies it gave, or how it failed. */
    record Rotation(Instant at, @Nullable WebCookies cookies, @Nullable ProviderFailure failure) {
    }

    private final String key;

    private final String psid;

    private final CookieJar jar = new CookieJar();

    private volatile @Nullable String accessToken;

    private @Nullable Rotation lastRotation;

    WebSession(String key, String psid) {
        this.key = key;
        this.psid = psid;
    }

    String key() {
        return key;
    }

    /** The PSID this session was opened for; another PSID under the same key means new cookies, so a new session. */
    boolean isFor(WebCookies credential) {
        return psid.equals(credential.psid());
    }

    CookieJar jar() {
        return jar;
    }

    @Nullable String accessToken() {
        return accessToken;
    }

    void rememberAccessToken(@Nullable String token) {
        this.accessToken = token;
    }

    @Nullable Rotation lastRotation() {
        return lastRotation;
    }

    void rotated(Rotation rotation) {
        this.lastRotation = rotation;
    }

    @Override
    public String toString() {
        return "WebSession[key=" + key + ", redacted]";
    }

}
