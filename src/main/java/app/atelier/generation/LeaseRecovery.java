package app.atelier.generation;

import java.time.Clock;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import app.atelier.quota.Quotas;

import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Jobs whose worker died (its lease ran out) go back to the queue with their quota still reserved, so the next run is
 * charged once; a job that lost {@code max-attempts} workers fails instead and frees its reservation.
 */
@Component
class LeaseRecovery {

    private static final Logger log = LoggerFactory.getLogger(LeaseRecovery.class);

    private final JobRepository jobs;

    private final Quotas quotas;

    private final GenerationEvents events;

    private final GenerationProperties properties;

    private final Clock clock;

    private final TransactionTemplate transaction;

    LeaseRecovery(JobRepository jobs, Quotas quotas, GenerationEvents events, GenerationProperties properties, Clock clock,
            PlatformTransactionManager transactions) {
        this.jobs = jobs;
        this.quotas = quotas;
        this.events = events;
        this.properties = properties;
        this.clock = clock;
        this.transaction = new TransactionTemplate(transactions);
    }

    /** Returns how many jobs it requeued or failed. */
    int recoverExpiredLeases() {
        Instant now = clock.instant();
        int recovered = 0;
        for (Job job : jobs.expiredLeases(now, 100)) {
            boolean done = Boolean.TRUE.equals(transaction.execute(status -> {
                if (job.attempts() >= properties.maxAttempts()) {
                    if (!jobs.end(job.id(), GenerationStatus.FAILED, FailureMessages.abandoned(job.attempts()), now)) {
                        return false;
                    }
                    quotas.release(job.reservation());
                    return true;
                }
                return jobs.requeueExpired(job.id(), now);
            }));
            if (done) {
                recovered++;
                log.info("Generation {} lost its worker (lease expired after attempt {}); it {}", job.id(), job.attempts(),
                        job.attempts() >= properties.maxAttempts() ? "failed" : "is queued again");
                events.changed(job.id());
            }
        }
        return recovered;
    }

}
