package app.atelier.account;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Repository;

/**
 * Sliding-window counters kept in the database, so limits hold across restarts and instances. A bucket is a string
 * such as {@code login:account:42} or {@code login:address:203.0.113.9}.
 */
@Repository
class Throttles {

    private final JdbcClient jdbc;

    private final Clock clock;

    Throttles(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    void record(String bucket) {
        jdbc.sql("INSERT INTO throttle_events (bucket, occurred_at) VALUES (:bucket, :now)")
            .param("bucket", bucket)
            .param("now", clock.millis())
            .update();
    }

    void clear(String bucket) {
        jdbc.sql("DELETE FROM throttle_events WHERE bucket = :bucket").param("bucket", bucket).update();
    }

    /** How long until the bucket is under {@code max} events again, or empty when it already is. */
    Optional<Duration> waitFor(String bucket, int max, Duration window) {
        long since = clock.millis() - window.toMillis();
        var events = jdbc.sql("""
                SELECT occurred_at FROM throttle_events
                WHERE bucket = :bucket AND occurred_at > :since
                ORDER BY occurred_at DESC""")
            .param("bucket", bucket)
            .param("since", since)
            .query(Long.class)
            .list();
        if (events.size() < max) {
            return Optional.empty();
        }
        long freedAt = events.get(max - 1) + window.toMillis();
        return Optional.of(Duration.between(clock.instant(), Instant.ofEpochMilli(freedAt)));
    }

    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT1M")
    void forgetOldEvents() {
        jdbc.sql("DELETE FROM throttle_events WHERE occurred_at < :before")
            .param("before", clock.millis() - Duration.ofDays(1).toMillis())
            .update();
    }

}
