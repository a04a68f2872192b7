package app.atelier.credentials;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code atelier.credentials.rotation}; how often each web credential is rotated is the provider's
 * {@code atelier.gemini.web.rotation-interval}.
 *
 * @param enabled whether the background job runs at all (tests switch it off and call it themselves)
 * @param checkEvery how often the job looks for credentials that are due
 * @param batchSize the most credentials one run rotates; the rest wait for the next run
 * @param lease how long the database lease of a run lasts before another instance may take over; renewed before each
 * credential, so it must be longer than one rotation call ({@code atelier.gemini.web.call-timeout})
 */
@ConfigurationProperties("atelier.credentials.rotation")
record CredentialRotationProperties(@DefaultValue("true") boolean enabled, @DefaultValue("1m") Duration checkEvery,
        @DefaultValue("100") int batchSize, @DefaultValue("10m") Duration lease) {

    CredentialRotationProperties {
        if (checkEvery.isNegative() || checkEvery.isZero()) {
            throw new IllegalArgumentException("atelier.credentials.rotation.check-every must be positive");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("atelier.credentials.rotation.batch-size must be at least 1");
        }
        if (lease.compareTo(Duration.ofSeconds(30)) < 0) {
            throw new IllegalArgumentException("atelier.credentials.rotation.lease must be at least 30s");
        }
    }

}
