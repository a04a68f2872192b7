package app.atelier.quota;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import app.atelier.quota.QuotaProperties.Configured;
import app.atelier.support.MutableClock;
import app.atelier.support.TestDatabases;
import app.atelier.web.Problem;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class QuotasTests {

    private static final ZoneId UTC = ZoneId.of("UTC");

    private static final QuotaProperties GENEROUS_PER_MINUTE = new QuotaProperties(
            Map.of("free", new Configured(null, 1000), "premium", new Configured(null, 1000)), UTC);

    private final MutableClock clock = new MutableClock();

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void reservesUntilTheDailyQuotaIsSpentThenRefusesUntilTheReset(TestDatabases database) {
        JdbcClient jdbc = database.jdbc();
        Quotas quotas = new Quotas(jdbc, clock, GENEROUS_PER_MINUTE);
        long ada = account(jdbc, "ada");
        setTo("2026-03-10T18:30:00Z");
        for (int i = 0; i < 5; i++) {
            assertThat(quotas.reserve(ada, "free", 4)).isEqualTo(new Reservation(ada, LocalDate.parse("2026-03-10"), 4));
        }
        Problem refused = catchThrowableOfType(Problem.class, () -> quotas.reserve(ada, "free", 1));
        assertThat(refused.status()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        assertThat(refused.code()).isEqualTo("quota_exhausted");
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofHours(5).plusMinutes(30));
        assertThat(refused.detail()).isEqualTo("Your daily quota of 20 images is used up; it resets at 00:00 UTC.");
        assertThat(quotas.usage(ada, "free")).isEqualTo(new Usage("free", 20, 20, 0, Instant.parse("2026-03-11T00:00:00Z"), 1000, UTC));

        setTo("2026-03-11T00:00:00Z");
        assertThat(quotas.reserve(ada, "free", 1).day()).isEqualTo(LocalDate.parse("2026-03-11"));
        assertThat(quotas.usage(ada, "free")).isEqualTo(new Usage("free", 20, 1, 19, Instant.parse("2026-03-12T00:00:00Z"), 1000, UTC));
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void refusesMoreImagesThanAreLeftAndSaysHowManyAre(TestDatabases database) {
        JdbcClient jdbc = database.jdbc();
        Quotas quotas = new Quotas(jdbc, clock, GENEROUS_PER_MINUTE);
        long ada = account(jdbc, "ada");
        setTo("2026-03-10T23:59:58.500Z");
        for (int i = 0; i < 4; i++) {
            quotas.reserve(ada, "free", 4);
        }
        quotas.reserve(ada, "free", 2);
        Problem refused = catchThrowableOfType(Problem.class, () -> quotas.reserve(ada, "free", 3));
        assertThat(refused.code()).isEqualTo("quota_exhausted");
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofMillis(1500));
        assertThat(refused.detail()).isEqualTo("You asked for 3 images but only 2 of your daily 20 are left; the quota resets at 00:00 UTC.");
        assertThat(quotas.reserve(ada, "free", 2).images()).isEqualTo(2);
        assertThat(quotas.usage(ada, "free").remainingToday()).isZero();
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void theSixthRequestWithinAMinuteIsRateLimitedUntilTheNextWindow(TestDatabases database) {
        JdbcClient jdbc = database.jdbc();
        Quotas quotas = new Quotas(jdbc, clock, new QuotaProperties(null, UTC));
        long ada = account(jdbc, "ada");
        long bob = account(jdbc, "bob");
        setTo("2026-03-10T12:00:20Z");
        for (int i = 0; i < 5; i++) {
            quotas.reserve(ada, "free", 1);
        }
        Problem refused = catchThrowableOfType(Problem.class, () -> quotas.reserve(ada, "free", 1));
        assertThat(refused.status()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        assertThat(refused.code()).isEqualTo("rate_limited");
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(40));
        assertThat(refused.detail()).isEqualTo("You can start 5 generations a minute; try again in 40 seconds.");
        assertThat(quotas.reserve(bob, "free", 1).images()).as("another account has its own limit").isEqualTo(1);

        clock.advance(Duration.ofSeconds(39));
        assertThat(catchThrowableOfType(Problem.class, () -> quotas.reserve(ada, "free", 1)).retryAfter()).isEqualTo(Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(1));
        assertThat(quotas.reserve(ada, "free", 1).images()).isEqualTo(1);
        assertThat(quotas.usage(ada, "free").usedToday()).as("refused requests reserve nothing").isEqualTo(6);
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void chargesWhatWasDeliveredAndFreesTheRest(TestDatabases database) {
        JdbcClient jdbc = database.jdbc();
        Quotas quotas = new Quotas(jdbc, clock, GENEROUS_PER_MINUTE);
        long ada = account(jdbc, "ada");
        Reservation partly = quotas.reserve(ada, "free", 4);
        Reservation failed = quotas.reserve(ada, "free", 3);
        Reservation whole = quotas.reserve(ada, "free", 2);
        assertThat(quotas.usage(ada, "free").usedToday()).as("reserved images count as used").isEqualTo(9);

        quotas.commit(partly, 1);
        quotas.release(failed);
        quotas.commit(whole, 2);
        assertThat(quotas.usage(ada, "free").usedToday()).isEqualTo(3);
        assertThat(quotas.usage(ada, "free").remainingToday()).isEqualTo(17);
        assertThat(jdbc.sql("SELECT reserved, committed FROM quota_days WHERE account_id = :account").param("account", ada).query().singleRow())
            .containsEntry("reserved", 0)
            .containsEntry("committed", 3);
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void refusesToSettleMoreThanWasReserved(TestDatabases database) {
        JdbcClient jdbc = database.jdbc();
        Quotas quotas = new Quotas(jdbc, clock, GENEROUS_PER_MINUTE);
        long ada = account(jdbc, "ada");
        Reservation reservation = quotas.reserve(ada, "free", 2);
        assertThatIllegalArgumentException().isThrownBy(() -> quotas.commit(reservation, 3));
        assertThatIllegalArgumentException().isThrownBy(() -> quotas.reserve(ada, "free", 0));
        quotas.release(reservation);
        assertThatIllegalStateException().as("released twice").isThrownBy(() -> quotas.release(reservation));
        assertThatIllegalStateException().isThrownBy(() -> quotas.commit(reservation, 2));
        assertThat(quotas.usage(ada, "free").usedToday()).isZero();
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void anAdminOverrideBeatsTheTierUntilRemoved(TestDatabases database) {
        JdbcClient jdbc = database.jdbc();
        Quotas quotas = new Quotas(jdbc, clock, GENEROUS_PER_MINUTE);
        long ada = account(jdbc, "ada");
        long bob = account(jdbc, "bob");
        quotas.setOverride(ada, 2);
        assertThat(quotas.override(ada)).contains(2);
        assertThat(quotas.override(bob)).isEmpty();
        quotas.reserve(ada, "premium", 2);
        Problem refused = catchThrowableOfType(Problem.class, () -> quotas.reserve(ada, "premium", 1));
        assertThat(refused.code()).isEqualTo("quota_exhausted");
        assertThat(refused.detail()).startsWith("Your daily quota of 2 images is used up");
        assertThat(quotas.usage(bob, "premium").dailyLimit()).isEqualTo(100);

        quotas.setOverride(ada, 500);
        assertThat(quotas.usage(ada, "premium")).extracting(Usage::dailyLimit, Usage::usedToday, Usage::remainingToday).containsExactly(500, 2, 498);
        quotas.setOverride(ada, 1);
        assertThat(quotas.usage(ada, "premium")).extracting(Usage::dailyLimit, Usage::usedToday, Usage::remainingToday).containsExactly(1, 2, 0);
        quotas.setOverride(ada, null);
        assertThat(quotas.override(ada)).isEmpty();
        assertThat(quotas.usage(ada, "premium").dailyLimit()).isEqualTo(100);
        assertThatIllegalArgumentException().isThrownBy(() -> quotas.setOverride(ada, -1));
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void anUnconfiguredTierGetsTheLimitsOfFree(TestDatabases database) {
        JdbcClient jdbc = database.jdbc();
        Quotas quotas = new Quotas(jdbc, clock, new QuotaProperties(Map.of("free", new Configured(3, 7)), UTC));
        long ada = account(jdbc, "ada");
        assertThat(quotas.usage(ada, "gold")).extracting(Usage::tier, Usage::dailyLimit, Usage::perMinuteLimit).containsExactly("free", 3, 7);
        assertThat(quotas.usage(ada, "premium")).extracting(Usage::tier, Usage::dailyLimit, Usage::perMinuteLimit).containsExactly("premium", 100, 5);
        quotas.reserve(ada, "gold", 3);
        assertThat(catchThrowableOfType(Problem.class, () -> quotas.reserve(ada, "gold", 1)).code()).isEqualTo("quota_exhausted");
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void todayEndsAtMidnightInTheResetZone(TestDatabases database) {
        JdbcClient jdbc = database.jdbc();
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        Quotas quotas = new Quotas(jdbc, clock, new QuotaProperties(Map.of("free", new Configured(2, 100)), berlin));
        long ada = account(jdbc, "ada");
        // 23:59:59 in Berlin (UTC+1 in January), still the 15th there while already late in the UTC day
        setTo("2026-01-15T22:59:59Z");
        Reservation lateYesterday = quotas.reserve(ada, "free", 2);
        assertThat(lateYesterday.day()).isEqualTo(LocalDate.parse("2026-01-15"));
        Problem refused = catchThrowableOfType(Problem.class, () -> quotas.reserve(ada, "free", 1));
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(1));
        assertThat(refused.detail()).isEqualTo("Your daily quota of 2 images is used up; it resets at 00:00 Europe/Berlin.");
        assertThat(quotas.usage(ada, "free").resetsAt()).isEqualTo(Instant.parse("2026-01-15T23:00:00Z"));
        assertThat(quotas.usage(ada, "free").resetTime()).as("what the pages show").isEqualTo("00:00 Europe/Berlin");

        clock.advance(Duration.ofSeconds(1));
        assertThat(quotas.usage(ada, "free")).extracting(Usage::usedToday, Usage::remainingToday, Usage::resetsAt)
            .containsExactly(0, 2, Instant.parse("2026-01-16T23:00:00Z"));
        // delivered after midnight, it is charged to the day it was reserved on
        quotas.commit(lateYesterday, 2);
        assertThat(quotas.reserve(ada, "free", 2).day()).isEqualTo(LocalDate.parse("2026-01-16"));
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void aReservationRollsBackWithTheTransactionThatMadeIt(TestDatabases database) {
        var dataSource = database.dataSource();
        JdbcClient jdbc = JdbcClient.create(dataSource);
        Quotas quotas = new Quotas(jdbc, clock, new QuotaProperties(Map.of("free", new Configured(20, 1)), UTC));
        long ada = account(jdbc, "ada");
        TransactionTemplate transaction = new TransactionTemplate(new JdbcTransactionManager(dataSource));
        transaction.executeWithoutResult(status -> {
            quotas.reserve(ada, "free", 4);
            // the job insert failed after the reservation
            status.setRollbackOnly();
        });
        assertThat(quotas.usage(ada, "free").usedToday()).isZero();
        assertThat(quotas.reserve(ada, "free", 1).images()).as("the rolled back request did not count against the minute").isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void forgetsOldMinuteWindowsAndEverythingOfADeletedAccount(TestDatabases database) {
        JdbcClient jdbc = database.jdbc();
        Quotas quotas = new Quotas(jdbc, clock, GENEROUS_PER_MINUTE);
        long ada = account(jdbc, "ada");
        long bob = account(jdbc, "bob");
        quotas.reserve(ada, "free", 1);
        quotas.reserve(bob, "free", 1);
        quotas.setOverride(bob, 3);
        clock.advance(Duration.ofMinutes(61));
        quotas.reserve(ada, "free", 1);
        quotas.forgetOldWindows();
        assertThat(count(jdbc, "quota_minutes")).isEqualTo(1);
        jdbc.sql("DELETE FROM accounts WHERE id = :id").param("id", bob).update();
        assertThat(count(jdbc, "quota_overrides")).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM quota_days WHERE account_id = :id").param("id", bob).query(Integer.class).single()).isZero();
    }

    private void setTo(String instant) {
        clock.advance(Duration.between(clock.instant(), Instant.parse(instant)));
    }

    private static int count(JdbcClient jdbc, String table) {
        return jdbc.sql("SELECT count(*) FROM " + table).query(Integer.class).single();
    }

    static long account(JdbcClient jdbc, String username) {
        jdbc.sql("INSERT INTO accounts (username, email, password_hash, created_at) VALUES (:username, :email, 'hash', 0)")
            .param("username", username)
            .param("email", username + "@example.com")
            .update();
        return jdbc.sql("SELECT id FROM accounts WHERE username = :username").param("username", username).query(Long.class).single();
    }

}
