package app.atelier.generation;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import app.atelier.credentials.Credentials;
import app.atelier.gallery.Images;
import app.atelier.gallery.NewImage;
import app.atelier.provider.FailureCode;
import app.atelier.provider.GeneratedImage;
import app.atelier.provider.GenerationResult;
import app.atelier.provider.ImageProvider;
import app.atelier.provider.ImageProviders;
import app.atelier.provider.ImageRequest;
import app.atelier.provider.ProviderCredential;
import app.atelier.provider.ProviderFailure;
import app.atelier.quota.Quotas;
import app.atelier.storage.ImageStore;
import app.atelier.storage.StoredImage;
import app.atelier.style.Style;
import app.atelier.style.Styles;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs one claimed job: opens the owner's credential, asks the provider, stores the bytes, then records the images,
 * charges the quota and marks the job succeeded in one transaction. Every ending is a compare-and-set on the job, so
 * a job cancelled or taken over meanwhile leaves no rows and no charge behind.
 */
@Component
class JobRunner {

    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

    private static final String DROPPED = "dropped";

    private final Credentials credentials;

    private final ImageProviders providers;

    private final ImageStore store;

    private final Images images;

    private final Quotas quotas;

    private final Styles styles;

    private final JobRepository jobs;

    private final GenerationEvents events;

    private final TransactionTemplate transaction;

    private final Clock clock;

    private final MeterRegistry meters;

    /**
     * Storing the images (decoding, thumbnail, fsync) and recording them is CPU and database work, unlike the wait on
     * Google: a few jobs at a time do it as fast as all of them would, whereas hundreds of answers arriving together
     * would each hold a decoded image (4 MB at 1024²) and wait for one of the pool's connections at once.
     */
    private final Semaphore storing = new Semaphore(Math.max(2, Runtime.getRuntime().availableProcessors()));

    JobRunner(Credentials credentials, ImageProviders providers, ImageStore store, Images images, Quotas quotas, Styles styles,
            JobRepository jobs, GenerationEvents events, PlatformTransactionManager transactions, Clock clock,
            MeterRegistry meters) {
        this.credentials = credentials;
        this.providers = providers;
        this.store = store;
        this.images = images;
        this.quotas = quotas;
        this.styles = styles;
        this.jobs = jobs;
        this.events = events;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
        this.meters = meters;
    }

    void run(Job job, String owner) {
        Timer.Sample sample = Timer.start(meters);
        String outcome = attempt(job, owner);
        sample.stop(Timer.builder("atelier.generation.run")
            .description("From claim to end of one generation attempt, by provider and outcome")
            .tag("provider", job.provider().id())
            .tag("outcome", outcome)
            .register(meters));
    }

    /** Runs the job; returns {@code succeeded}, a failure code, or {@code dropped} when it ended elsewhere meanwhile. */
    private String attempt(Job job, String owner) {
        events.changed(job.id());
        Optional<ImageProvider> provider = providers.get(job.provider());
        Optional<ProviderCredential> credential = provider.isPresent() ? credentials.open(job.accountId(), job.provider()) : Optional.empty();
        if (provider.isEmpty() || credential.isEmpty()) {
            return fail(job, owner, FailureMessages.missingCredential(job.provider()));
        }
        GenerationResult result;
        try {
            result = provider.get().generate(credential.get(), request(job));
        }
        catch (RuntimeException ex) {
            if (!stillMine(job, owner)) {
                log.debug("Generation {} ended elsewhere (cancelled or taken over) while it ran", job.id());
                return DROPPED;
            }
            if (ex instanceof ProviderFailure failure) {
                log.info("Generation {} failed: {}", job.id(), failure.code().id());
                if (failure.code() == FailureCode.CREDENTIALS_EXPIRED) {
                    credentials.reportExpired(job.accountId(), job.provider(), failure.upstreamReason());
                }
                return fail(job, owner, FailureMessages.of(failure.code(), job.provider(), failure.upstreamReason()));
            }
            log.warn("Generation {} failed unexpectedly", job.id(), ex);
            return fail(job, owner, FailureMessages.unexpected());
        }
        return succeed(job, owner, result);
    }

    private String succeed(Job job, String owner, GenerationResult result) {
        List<GeneratedImage> delivered = result.images().stream().limit(job.count()).toList();
        if (delivered.isEmpty()) {
            return fail(job, owner, FailureMessages.of(FailureCode.UPSTREAM_REFUSED, job.provider(), result.text()));
        }
        try {
            storing.acquire();
        }
        catch (InterruptedException ex) {
            // only a job that is no longer this worker's is interrupted: cancelled, taken over, or requeued at shutdown
            Thread.currentThread().interrupt();
            log.info("Generation {} ended elsewhere while its images waited to be stored; its result is dropped", job.id());
            return DROPPED;
        }
        try {
            return storeAndRecord(job, owner, result, delivered);
        }
        finally {
            storing.release();
        }
    }

    private String storeAndRecord(Job job, String owner, GenerationResult result, List<GeneratedImage> delivered) {
        List<StoredImage> stored = new ArrayList<>();
        try {
            for (GeneratedImage image : delivered) {
                stored.add(store.put(image.bytes(), image.mimeType()));
            }
        }
        catch (RuntimeException ex) {
            log.warn("Generation {}: the images could not be stored", job.id(), ex);
            return fail(job, owner, FailureMessages.unexpected());
        }
        Boolean recorded = transaction.execute(status -> {
            if (!jobs.finish(job.id(), owner, GenerationStatus.SUCCEEDED, null, result.aspectRatioEmulated(), clock.instant())) {
                return false;
            }
            for (StoredImage image : stored) {
                images.add(new NewImage(job.accountId(), job.id(), image, job.prompt(), job.style(), job.aspectRatio().id(),
                        job.provider().id()));
            }
            quotas.commit(job.reservation(), stored.size());
            return true;
        });
        if (Boolean.TRUE.equals(recorded)) {
            events.changed(job.id());
            return GenerationStatus.SUCCEEDED.id();
        }
        log.info("Generation {} ended elsewhere (cancelled or taken over) while it ran; its result is dropped", job.id());
        return DROPPED;
    }

    private String fail(Job job, String owner, GenerationError error) {
        Boolean recorded = transaction.execute(status -> {
            if (!jobs.finish(job.id(), owner, GenerationStatus.FAILED, error, false, clock.instant())) {
                return false;
            }
            quotas.release(job.reservation());
            return true;
        });
        if (!Boolean.TRUE.equals(recorded)) {
            return DROPPED;
        }
        events.changed(job.id());
        return error.code();
    }

    private boolean stillMine(Job job, String owner) {
        return jobs.findById(job.id()).map(row -> row.status() == GenerationStatus.RUNNING && owner.equals(row.leaseOwner())).orElse(false);
    }

    private ImageRequest request(Job job) {
        @Nullable String styleText = styles.find(job.style()).map(Style::prompt).orElse(null);
        return new ImageRequest(job.prompt(), job.aspectRatio(), styleText, job.count());
    }

}
