package app.atelier.account;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import app.atelier.support.MutableClock;
import app.atelier.support.TestDatabases;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

class ThrottlesTests {

    private static final Duration WINDOW = Duration.ofMinutes(15);

    private final MutableClock clock = new MutableClock();

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void letsABucketThroughUntilItHoldsTheMaximum(TestDatabases database) {
        Throttles throttles = new Throttles(database.jdbc(), clock);
        assertThat(throttles.waitFor("login:account:1", 3, WINDOW)).isEmpty();
        throttles.record("login:account:1");
        throttles.record("login:account:1");
        assertThat(throttles.waitFor("login:account:1", 3, WINDOW)).isEmpty();
        throttles.record("login:account:1");
        assertThat(throttles.waitFor("login:account:1", 3, WINDOW)).isPresent();
        assertThat(throttles.waitFor("login:account:1", 4, WINDOW)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void waitsUntilTheOldestCountedEventLeavesTheWindow(TestDatabases database) {
        Throttles throttles = new Throttles(database.jdbc(), clock);
        throttles.record("bucket");
        clock.advance(Duration.ofMinutes(1));
        throttles.record("bucket");
        clock.advance(Duration.ofMinutes(1));
        throttles.record("bucket");
        assertThat(throttles.waitFor("bucket", 3, WINDOW)).hasValueSatisfying(
                wait -> assertThat(wait).isGreaterThan(Duration.ofMinutes(13).minusMillis(1)).isLessThanOrEqualTo(Duration.ofMinutes(13)));
        assertThat(throttles.waitFor("bucket", 2, WINDOW)).hasValueSatisfying(
                wait -> assertThat(wait).isGreaterThan(Duration.ofMinutes(14).minusMillis(1)).isLessThanOrEqualTo(Duration.ofMinutes(14)));
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void slidesTheWindowWithTime(TestDatabases database) {
        Throttles throttles = new Throttles(database.jdbc(), clock);
        throttles.record("bucket");
        clock.advance(Duration.ofMinutes(5));
        throttles.record("bucket");
        throttles.record("bucket");
        assertThat(throttles.waitFor("bucket", 3, WINDOW)).isPresent();
        clock.advance(Duration.ofMinutes(10).plusSeconds(1));
        assertThat(throttles.waitFor("bucket", 3, WINDOW)).isEmpty();
        throttles.record("bucket");
        assertThat(throttles.waitFor("bucket", 3, WINDOW)).isPresent();
        clock.advance(WINDOW);
        assertThat(throttles.waitFor("bucket", 1, WINDOW)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void keepsBucketsApartAndClearsOnlyOne(TestDatabases database) {
        Throttles throttles = new Throttles(database.jdbc(), clock);
        throttles.record("login:address:192.0.2.1");
        throttles.record("login:address:192.0.2.10");
        throttles.record("login:address:192.0.2.10");
        assertThat(throttles.waitFor("login:address:192.0.2.1", 2, WINDOW)).isEmpty();
        assertThat(throttles.waitFor("login:address:192.0.2.10", 2, WINDOW)).isPresent();
        throttles.clear("login:address:192.0.2.10");
        assertThat(throttles.waitFor("login:address:192.0.2.10", 1, WINDOW)).isEmpty();
        assertThat(throttles.waitFor("login:address:192.0.2.1", 1, WINDOW)).isPresent();
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void forgetsEventsOlderThanADay(TestDatabases database) {
        JdbcClient jdbc = database.jdbc();
        Throttles throttles = new Throttles(jdbc, clock);
        throttles.record("old");
        clock.advance(Duration.ofHours(12));
        throttles.record("recent");
        clock.advance(Duration.ofHours(12).plusSeconds(1));
        throttles.record("new");
        throttles.forgetOldEvents();
        List<String> left = jdbc.sql("SELECT bucket FROM throttle_events ORDER BY occurred_at").query(String.class).list();
        assertThat(left).containsExactly("recent", "new");
    }

}
