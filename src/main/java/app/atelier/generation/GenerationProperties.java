package app.atelier.generation;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code atelier.generation}.
 *
 * @param workerEnabled whether this instance runs jobs at all (an instance that only serves pages may switch it off)
 * @param concurrency how many jobs this instance runs at once; each waits on Google for 10–60 s, mostly idle
 * @param lease how long a claimed job stays this instance's without renewal; renewed every third of it while it runs,
 * so a job whose instance died runs again elsewhere after at most this long
 * @param pollInterval how often the queue is checked for jobs submitted elsewhere and for expired leases (jobs
 * submitted on this instance start at once)
 * @param maxAttempts how many times a job is started before an instance dying under it counts as its failure
 * @param shutdownTimeout how long a stopping instance lets running jobs finish before it puts them back in the queue
 */
@ConfigurationProperties("atelier.generation")
record GenerationProperties(@DefaultValue("true") boolean workerEnabled, @DefaultValue("64") int concurrency,
        @DefaultValue("60s") Duration lease, @DefaultValue("2s") Duration pollInterval, @DefaultValue("3") int maxAttempts,
        @DefaultValue("30s") Duration shutdownTimeout) {

    GenerationProperties {
        if (concurrency < 1) {
            throw new IllegalArgumentException("atelier.generation.concurrency must be at least 1");
        }
        if (lease.compareTo(Duration.ofSeconds(3)) < 0) {
            throw new IllegalArgumentException("atelier.generation.lease must be at least 3s");
        }
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("atelier.generation.poll-interval must be positive");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("atelier.generation.max-attempts must be at least 1");
        }
    }

    Duration renewEvery() {
        return lease.dividedBy(3);
    }

}
