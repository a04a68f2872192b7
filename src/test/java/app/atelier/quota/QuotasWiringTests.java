package app.atelier.quota;

import java.time.LocalTime;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

import app.atelier.support.TestClockConfiguration;
import app.atelier.support.Unique;
import app.atelier.web.Problem;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The application's {@link Quotas}: configured limits, and reservations inside the caller's transaction. */
@SpringBootTest(properties = { "atelier.test.database=postgresql", "atelier.quota.tiers.premium.daily-images=3",
        "atelier.quota.reset-zone=Asia/Tokyo" })
@Import(TestClockConfiguration.class)
class QuotasWiringTests {

    @Autowired
    Quotas quotas;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transaction;

    @Test
    void usesTheConfiguredLimitsBesideTheDefaults() {
        long ada = QuotasTests.account(jdbc, Unique.name("ada"));
        assertThat(quotas.usage(ada, "premium")).extracting(Usage::dailyLimit, Usage::perMinuteLimit).containsExactly(3, 5);
        assertThat(quotas.usage(ada, "free")).extracting(Usage::dailyLimit, Usage::perMinuteLimit).containsExactly(20, 5);
        assertThat(quotas.usage(ada, "free").resetsAt().atZone(ZoneId.of("Asia/Tokyo")).toLocalTime()).isEqualTo(LocalTime.MIDNIGHT);
    }

    @Test
    void aRefusedReservationRollsBackTheCallersTransaction() {
        long ada = QuotasTests.account(jdbc, Unique.name("ada"));
        quotas.reserve(ada, "premium", 3);
        assertThatExceptionOfType(Problem.class).isThrownBy(() -> transaction.executeWithoutResult(status -> {
            jdbc.sql("UPDATE accounts SET tier = 'premium' WHERE id = :id").param("id", ada).update();
            quotas.reserve(ada, "premium", 1);
        })).satisfies(problem -> assertThat(problem.code()).isEqualTo("quota_exhausted"));
        assertThat(jdbc.sql("SELECT tier FROM accounts WHERE id = :id").param("id", ada).query(String.class).single()).isEqualTo("free");
    }

    @Test
    void aReservationCommitsWithTheCallersTransaction() {
        long ada = QuotasTests.account(jdbc, Unique.name("ada"));
        Reservation reservation = transaction.execute(status -> quotas.reserve(ada, "premium", 2));
        assertThat(quotas.usage(ada, "premium").remainingToday()).isEqualTo(1);
        quotas.release(reservation);
        assertThat(quotas.usage(ada, "premium").remainingToday()).isEqualTo(3);
    }

}
