package app.atelier.quota;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import app.atelier.quota.QuotaProperties.Configured;
import app.atelier.support.MutableClock;
import app.atelier.support.TestDatabases;

import org.springframework.jdbc.core.simple.JdbcClient;

import static app.atelier.quota.QuotasTests.account;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** {@link Quotas#history} and {@link Quotas#totalImages}: images delivered per day, from the quota ledger. */
class UsageHistoryTests {

    private static final Map<String, Configured> GENEROUS = Map.of("free", new Configured(1000, 1000));

    private final MutableClock clock = new MutableClock();

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void listsEveryOneOfTheLastDaysOldestFirstWithTheImagesDeliveredOnIt(TestDatabases database) {
        JdbcClient jdbc = database.jdbc();
        Quotas quotas = new Quotas(jdbc, clock, new QuotaProperties(GENEROUS, ZoneId.of("UTC")));
        long ada = account(jdbc, "ada");
        long bob = account(jdbc, "bob");
        setTo("2026-01-20T10:00:00Z");
        deliver(quotas, ada, 3, 2);
        deliver(quotas, bob, 4, 4);
        setTo("2026-03-01T09:00:00Z");
        deliver(quotas, ada, 4, 4);
        setTo("2026-03-10T23:00:00Z");
        deliver(quotas, ada, 2, 1);
        deliver(quotas, ada, 3, 3);
        quotas.release(quotas.reserve(ada, "free", 2));
        setTo("2026-03-11T08:00:00Z");
        deliver(quotas, ada, 1, 1);
        quotas.reserve(ada, "free", 3); // still running: reserved, not delivered

        List<UsageDay> days = quotas.history(ada, 30);

        assertThat(days).hasSize(30);
        assertThat(days.get(0)).isEqualTo(new UsageDay(LocalDate.parse("2026-02-10"), 0));
        assertThat(days.get(29)).isEqualTo(new UsageDay(LocalDate.parse("2026-03-11"), 1));
        assertThat(days).extracting(UsageDay::date).isSorted().doesNotHaveDuplicates();
        assertThat(days.get(28)).isEqualTo(new UsageDay(LocalDate.parse("2026-03-10"), 4));
        assertThat(days.get(19)).isEqualTo(new UsageDay(LocalDate.parse("2026-03-01"), 4));
        assertThat(days.stream().mapToInt(UsageDay::images).sum()).as("January is outside the window").isEqualTo(9);
        assertThat(quotas.totalImages(ada)).as("every day counts, January included").isEqualTo(11);
        assertThat(quotas.totalImages(bob)).isEqualTo(4);
        assertThat(quotas.history(bob, 30)).allMatch(day -> day.images() == 0);
        assertThat(quotas.history(ada, 1)).containsExactly(new UsageDay(LocalDate.parse("2026-03-11"), 1));
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void anAccountWithoutImagesHasThirtyEmptyDaysAndNoImages(TestDatabases database) {
        JdbcClient jdbc = database.jdbc();
        Quotas quotas = new Quotas(jdbc, clock, new QuotaProperties(GENEROUS, ZoneId.of("UTC")));
        long ada = account(jdbc, "ada");
        setTo("2026-03-01T12:00:00Z");

        List<UsageDay> days = quotas.history(ada, 30);

        assertThat(days).hasSize(30).allMatch(day -> day.images() == 0);
        assertThat(days.get(0).date()).isEqualTo(LocalDate.parse("2026-01-31"));
        assertThat(days.get(29).date()).isEqualTo(LocalDate.parse("2026-03-01"));
        assertThat(quotas.totalImages(ada)).isZero();
        assertThatIllegalArgumentException().isThrownBy(() -> quotas.history(ada, 0));
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void datesAreDaysInTheResetZone(TestDatabases database) {
        JdbcClient jdbc = database.jdbc();
        Quotas quotas = new Quotas(jdbc, clock, new QuotaProperties(GENEROUS, ZoneId.of("Pacific/Auckland")));
        long ada = account(jdbc, "ada");
        // 11:30 UTC on the 10th is already 00:30 on the 11th in Auckland (UTC+13 in March)
        setTo("2026-03-10T11:30:00Z");
        deliver(quotas, ada, 2, 2);

        List<UsageDay> days = quotas.history(ada, 30);

        assertThat(days.get(29)).isEqualTo(new UsageDay(LocalDate.parse("2026-03-11"), 2));
        assertThat(days.get(28)).isEqualTo(new UsageDay(LocalDate.parse("2026-03-10"), 0));
    }

    private static void deliver(Quotas quotas, long accountId, int reserved, int delivered) {
        quotas.commit(quotas.reserve(accountId, "free", reserved), delivered);
    }

    private void setTo(String instant) {
        clock.advance(Duration.between(clock.instant(), Instant.parse(instant)));
    }

}
