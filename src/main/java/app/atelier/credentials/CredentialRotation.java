package app.atelier.credentials;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import app.atelier.platform.Leases;
import app.atelier.provider.CookieRotator;
import app.atelier.provider.FailureCode;
import app.atelier.provider.ImageProviders;
import app.atelier.provider.ProviderCredential;
import app.atelier.provider.ProviderFailure;

import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Keeps stored web cookies alive: Google lets {@code __Secure-1PSIDTS} die within hours unless {@code RotateCookies}
 * renews it. Every {@code check-every}, the instance holding the {@value #LEASE} lease rotates the valid web credentials
 * that are due and writes the new cookies back encrypted. A credential Google calls dead is marked expired at once (its
 * owner is told once); any other failure is retried on the next run.
 */
@Component
class CredentialRotation implements SchedulingConfigurer {

    static final String LEASE = "credential-rotation";

    /** Google answers 429 to a second rotation within a minute; the web client refuses one too. */
    static final Duration MIN_GAP = Duration.ofSeconds(60);

    /** A credential is rotated up to a fifth of the interval early, so that credentials stored together drift apart. */
    static final int JITTER_DIVISOR = 5;

    private static final Logger log = LoggerFactory.getLogger(CredentialRotation.class);

    /** What one run did; {@code ran} is false when the lease was elsewhere or rotation is not available here. */
    record Outcome(boolean ran, int rotated, int expired, int failed) {

        static final Outcome NOT_RUN = new Outcome(false, 0, 0, 0);

    }

    private enum Result {

        ROTATED, EXPIRED, FAILED, REPLACED

    }

    private final CredentialRepository repository;

    private final CredentialCipher cipher;

    private final Credentials credentials;

    private final ImageProviders providers;

    private final Leases leases;

    private final Clock clock;

    private final CredentialRotationProperties properties;

    /** The lease shuts out other instances; this shuts out a second run in this one (they share the lease owner). */
    private final AtomicBoolean running = new AtomicBoolean();

    CredentialRotation(CredentialRepository repository, CredentialCipher cipher, Credentials credentials, ImageProviders providers,
            Leases leases, Clock clock, CredentialRotationProperties properties) {
        this.repository = repository;
        this.cipher = cipher;
        this.credentials = credentials;
        this.providers = providers;
        this.leases = leases;
        this.clock = clock;
        this.properties = properties;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        if (properties.enabled()) {
            registrar.addFixedDelayTask(new FixedDelayTask(this::rotateDueCredentials, properties.checkEvery(), properties.checkEvery()));
        }
    }

    /** One run: rotates up to {@code batch-size} due credentials, one after the other, while this instance holds the lease. */
    Outcome rotateDueCredentials() {
        CookieRotator rotator = providers.cookieRotator().orElse(null);
        if (rotator == null || !credentials.geminiWebEnabled() || !running.compareAndSet(false, true)) {
            return Outcome.NOT_RUN;
        }
        try {
            if (!leases.tryAcquire(LEASE, properties.lease())) {
                return Outcome.NOT_RUN;
            }
            try {
                return rotateDue(rotator);
            }
            finally {
                leases.release(LEASE);
            }
        }
        finally {
            running.set(false);
        }
    }

    private Outcome rotateDue(CookieRotator rotator) {
        Duration interval = atLeastMinimumGap(rotator.rotationInterval());
        Instant now = clock.instant();
        List<StoredCredential> due = repository.findDueForRotation(now.minus(earliestDue(interval)), properties.batchSize())
            .stream()
            .filter(stored -> !baseline(stored).plus(dueAfter(interval, stored.id(), baseline(stored))).isAfter(now))
            .toList();
        int rotated = 0;
        int expired = 0;
        int failed = 0;
        for (StoredCredential stored : due) {
            if (!leases.tryAcquire(LEASE, properties.lease())) {
                log.warn("Cookie rotation lost its lease to another instance; it carries on from here");
                break;
            }
            switch (rotate(rotator, stored)) {
                case ROTATED -> rotated++;
                case EXPIRED -> expired++;
                case FAILED -> failed++;
                case REPLACED -> {
                }
            }
        }
        if (!due.isEmpty()) {
            log.info("Cookie rotation: {} rotated, {} expired, {} failed of {} due", rotated, expired, failed, due.size());
        }
        return new Outcome(true, rotated, expired, failed);
    }

    private Result rotate(CookieRotator rotator, StoredCredential stored) {
        try {
            if (!(credentials.openStored(stored) instanceof ProviderCredential.WebCookies cookies)) {
                throw new IllegalStateException("Credential " + stored.id() + " holds no web cookies");
            }
            ProviderCredential.WebCookies fresh = rotator.rotate(cookies);
            String ciphertext = cipher.encrypt(stored.accountId(), stored.provider(), SecretPayload.webCookies(fresh.psid(), fresh.psidts()));
            return repository.recordRotation(stored.id(), stored.ciphertext(), ciphertext, clock.instant()) ? Result.ROTATED : Result.REPLACED;
        }
        catch (ProviderFailure failure) {
            if (failure.code() == FailureCode.CREDENTIALS_EXPIRED) {
                return expire(stored, failure.upstreamReason());
            }
            log.warn("Rotating the cookies of account {} failed ({}: {}); trying again on the next run", stored.accountId(),
                    failure.code().id(), failure.upstreamReason());
            return Result.FAILED;
        }
        catch (RuntimeException ex) {
            log.warn("Rotating the cookies of account {} failed ({}); trying again on the next run", stored.accountId(),
                    ex.getClass().getSimpleName());
            return Result.FAILED;
        }
    }

    /** Marks the credential expired, unless its owner stored new cookies while the old ones were being rotated. */
    private Result expire(StoredCredential stored, String detail) {
        boolean unchanged = repository.findById(stored.id())
            .map(current -> Objects.equals(current.ciphertext(), stored.ciphertext()))
            .orElse(false);
        if (!unchanged) {
            return Result.REPLACED;
        }
        credentials.expire(stored, detail);
        return Result.EXPIRED;
    }

    /** Since when a credential has gone without rotation: the same order {@code findDueForRotation} sorts by. */
    static Instant baseline(StoredCredential stored) {
        return stored.lastRotatedAt() != null ? stored.lastRotatedAt()
                : stored.lastVerifiedAt() != null ? stored.lastVerifiedAt() : stored.createdAt();
    }

    /**
     * How long after {@code baseline} a credential is due: the interval less a jitter of up to a fifth of it, never
     * under {@link #MIN_GAP}. The jitter is derived from the credential and its last rotation rather than drawn anew
     * each run: a fresh draw every run would give each credential many chances, and early rotation would be the rule.
     */
    static Duration dueAfter(Duration interval, long credentialId, Instant baseline) {
        Duration full = atLeastMinimumGap(interval);
        long spread = full.toMillis() / JITTER_DIVISOR;
        long jitter = spread == 0 ? 0 : new SplittableRandom(credentialId * 0x9E3779B97F4A7C15L ^ baseline.toEpochMilli()).nextLong(spread);
        return atLeastMinimumGap(full.minusMillis(jitter));
    }

    /** No credential is due sooner than this after its baseline. */
    static Duration earliestDue(Duration interval) {
        Duration full = atLeastMinimumGap(interval);
        return atLeastMinimumGap(full.minusMillis(full.toMillis() / JITTER_DIVISOR));
    }

    private static Duration atLeastMinimumGap(Duration duration) {
        return duration.compareTo(MIN_GAP) < 0 ? MIN_GAP : duration;
    }

}
