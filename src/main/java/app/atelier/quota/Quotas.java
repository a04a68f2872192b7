package app.atelier.quota;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import app.atelier.quota.QuotaProperties.Tier;
import app.atelier.web.Problem;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Daily image quotas and per-minute request limits, kept in the database. {@link #reserve} joins the caller's
 * transaction, so a job and the images it reserves are written together or not at all; each check is one conditional
 * UPDATE, so concurrent submits cannot overspend, on SQLite (one writer) as on PostgreSQL (the UPDATE re-checks its
 * condition on the row it waited for). Accounts of a tier that is not configured get the limits of {@code free}.
 */
@Service
public class Quotas {

    private static final long MINUTE = Duration.ofMinutes(1).toMillis();


    private final JdbcClient jdbc;

    private final Clock clock;

    private final QuotaProperties properties;

    Quotas(JdbcClient jdbc, Clock clock, QuotaProperties properties) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.properties = properties;
    }

    /**
     * Counts one request against the per-minute limit, then reserves {@code images} from today's quota.
     *
     * @throws Problem {@code 429 rate_limited} (retry at the next minute window) or {@code 429 quota_exhausted} (retry
     * at the reset); within a transaction the request is then not counted either
     */
    @Transactional
    public Reservation reserve(long accountId, String tier, int images) {
        if (images < 1) {
            throw new IllegalArgumentException("images must be at least 1");
        }
        Instant now = clock.instant();
        Tier limits = properties.tier(tier);
        countRequest(accountId, limits.perMinute(), now);
        int dailyLimit = dailyLimit(accountId, limits);
        LocalDate day = today(now);
        jdbc.sql("INSERT INTO quota_days (account_id, day, reserved, committed) VALUES (:account, :day, 0, 0) ON CONFLICT DO NOTHING")
            .param("account", accountId)
            .param("day", day.toString())
            .update();
        int reserved = jdbc.sql("""
                UPDATE quota_days SET reserved = reserved + :images
                WHERE account_id = :account AND day = :day AND reserved + committed + :images <= :limit""")
            .param("images", images)
            .param("account", accountId)
            .param("day", day.toString())
            .param("limit", dailyLimit)
            .update();
        if (reserved == 0) {
            int remaining = Math.max(0, dailyLimit - used(accountId, day));
            throw quotaExhausted(dailyLimit, remaining, images, now);
        }
        return new Reservation(accountId, day, images);
    }

    /** Charges the images a job delivered ({@code delivered <= reservation.images()}) and frees the rest. */
    @Transactional
    public void commit(Reservation reservation, int delivered) {
        if (delivered < 0 || delivered > reservation.images()) {
            throw new IllegalArgumentException("delivered must be between 0 and the " + reservation.images() + " images reserved");
        }
        settle(reservation, delivered);
    }

    /** Frees the whole reservation: the job failed or was cancelled, and failures never count. */
    @Transactional
    public void release(Reservation reservation) {
        settle(reservation, 0);
    }

    public Usage usage(long accountId, String tier) {
        Instant now = clock.instant();
        Tier limits = properties.tier(tier);
        int dailyLimit = dailyLimit(accountId, limits);
        LocalDate day = today(now);
        int used = used(accountId, day);
        return new Usage(properties.effectiveTier(tier), dailyLimit, used, Math.max(0, dailyLimit - used), resetAt(day),
                limits.perMinute(), properties.resetZone());
    }

    /**
     * The images delivered to the account on each of the last {@code days} days, today included (dates in the reset
     * zone), oldest first; days without images are there with 0. Images still reserved by unfinished jobs are not.
     */
    public List<UsageDay> history(long accountId, int days) {
        if (days < 1) {
            throw new IllegalArgumentException("days must be at least 1");
        }
        LocalDate last = today(clock.instant());
        LocalDate first = last.minusDays(days - 1L);
        Map<LocalDate, Integer> delivered = new HashMap<>();
        jdbc.sql("SELECT day, committed FROM quota_days WHERE account_id = :account AND day >= :first AND day <= :last")
            .param("account", accountId)
            .param("first", first.toString())
            .param("last", last.toString())
            .query((row, number) -> Map.entry(LocalDate.parse(row.getString("day")), row.getInt("committed")))
            .list()
            .forEach(day -> delivered.put(day.getKey(), day.getValue()));
        return first.datesUntil(last.plusDays(1)).map(day -> new UsageDay(day, delivered.getOrDefault(day, 0))).toList();
    }

    /** Every image ever delivered to the account; deleting images later does not lower it. */
    public long totalImages(long accountId) {
        return jdbc.sql("SELECT COALESCE(SUM(committed), 0) FROM quota_days WHERE account_id = :account")
            .param("account", accountId)
            .query(Long.class)
            .single();
    }

    /** Gives the account its own daily image limit instead of its tier's, or takes it away with {@code null}. */
    @Transactional
    public void setOverride(long accountId, @Nullable Integer dailyImages) {
        if (dailyImages == null) {
            jdbc.sql("DELETE FROM quota_overrides WHERE account_id = :account").param("account", accountId).update();
            return;
        }
        if (dailyImages < 0) {
            throw new IllegalArgumentException("dailyImages must not be negative");
        }
        jdbc.sql("""
                INSERT INTO quota_overrides (account_id, daily_images) VALUES (:account, :daily)
                ON CONFLICT (account_id) DO UPDATE SET daily_images = excluded.daily_images""")
            .param("account", accountId)
            .param("daily", dailyImages)
            .update();
    }

    /** The account's own daily image limit, if an admin gave it one. */
    public Optional<Integer> override(long accountId) {
        return jdbc.sql("SELECT daily_images FROM quota_overrides WHERE account_id = :account")
            .param("account", accountId)
            .query(Integer.class)
            .optional();
    }

    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT1M")
    void forgetOldWindows() {
        jdbc.sql("DELETE FROM quota_minutes WHERE window_start < :before")
            .param("before", clock.millis() - Duration.ofHours(1).toMillis())
            .update();
    }

    /** Fixed one-minute windows: one counter row per account and window, raised only while under the limit. */
    private void countRequest(long accountId, int perMinute, Instant now) {
        long window = Math.floorDiv(now.toEpochMilli(), MINUTE) * MINUTE;
        jdbc.sql("INSERT INTO quota_minutes (account_id, window_start, requests) VALUES (:account, :window, 0) ON CONFLICT DO NOTHING")
            .param("account", accountId)
            .param("window", window)
            .update();
        int counted = jdbc.sql("""
                UPDATE quota_minutes SET requests = requests + 1
                WHERE account_id = :account AND window_start = :window AND requests < :limit""")
            .param("account", accountId)
            .param("window", window)
            .param("limit", perMinute)
            .update();
        if (counted == 0) {
            Duration wait = Duration.ofMillis(window + MINUTE - now.toEpochMilli());
            throw new Problem(HttpStatus.TOO_MANY_REQUESTS, "rate_limited",
                    "You can start %d %s a minute; try again in %d seconds.".formatted(perMinute,
                            perMinute == 1 ? "generation" : "generations", seconds(wait)),
                    List.of(), wait);
        }
    }

    private void settle(Reservation reservation, int delivered) {
        int settled = jdbc.sql("""
                UPDATE quota_days SET reserved = reserved - :images, committed = committed + :delivered
                WHERE account_id = :account AND day = :day AND reserved >= :images""")
            .param("images", reservation.images())
            .param("delivered", delivered)
            .param("account", reservation.accountId())
            .param("day", reservation.day().toString())
            .update();
        if (settled == 0) {
            throw new IllegalStateException("The quota ledger holds no such reservation: " + reservation);
        }
    }

    private Problem quotaExhausted(int dailyLimit, int remaining, int images, Instant now) {
        Instant reset = resetAt(today(now));
        String resets = Usage.time(reset, properties.resetZone());
        String detail = remaining == 0
                ? "Your daily quota of %d images is used up; it resets at %s.".formatted(dailyLimit, resets)
                : "You asked for %d images but only %d of your daily %d are left; the quota resets at %s."
                    .formatted(images, remaining, dailyLimit, resets);
        return new Problem(HttpStatus.TOO_MANY_REQUESTS, "quota_exhausted", detail, List.of(), Duration.between(now, reset));
    }

    private int dailyLimit(long accountId, Tier limits) {
        return override(accountId).orElse(limits.dailyImages());
    }

    private int used(long accountId, LocalDate day) {
        return jdbc.sql("SELECT reserved + committed FROM quota_days WHERE account_id = :account AND day = :day")
            .param("account", accountId)
            .param("day", day.toString())
            .query(Integer.class)
            .optional()
            .orElse(0);
    }

    private LocalDate today(Instant now) {
        return LocalDate.ofInstant(now, properties.resetZone());
    }

    private Instant resetAt(LocalDate day) {
        return day.plusDays(1).atStartOfDay(properties.resetZone()).toInstant();
    }

    private static long seconds(Duration duration) {
        return Math.max(1, (duration.toMillis() + 999) / 1000);
    }

}
