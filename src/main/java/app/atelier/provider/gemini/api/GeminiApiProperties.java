package app.atelier.provider.gemini.api;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code atelier.gemini.api}. The API version is pinned because SDK 2.x silently moved its default from
 * {@code v1beta} to {@code v1}; the timeout applies to each call, since the SDK has none of its own.
 */
@ConfigurationProperties("atelier.gemini.api")
record GeminiApiProperties(@DefaultValue("https://generativelanguage.googleapis.com") String baseUrl,
        @DefaultValue("gemini-2.5-flash-image") String model, @DefaultValue("v1beta") String apiVersion,
        @DefaultValue("120s") Duration timeout, @DefaultValue("100") int clientCacheSize) {

    GeminiApiProperties {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("atelier.gemini.api.timeout must be positive, not " + timeout);
        }
        if (clientCacheSize < 1) {
            throw new IllegalArgumentException("atelier.gemini.api.client-cache-size must be at least 1");
        }
    }

}
