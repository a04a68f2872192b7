package app.atelier.generation;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import app.atelier.platform.Dialect;
import app.atelier.provider.AspectRatio;
import app.atelier.provider.ProviderId;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/**
 * The queue in SQL. Every state change is a compare-and-set on the row's status (and, for a worker, its lease owner),
 * so a job turns terminal exactly once, whoever else is racing for it.
 */
@Repository
class JobRepository {

    private static final String COLUMNS = """
            id, account_id, status, prompt, provider, aspect_ratio, style, count, quota_day, attempts, lease_owner,
            error_code, error_message, ratio_emulated, created_at, started_at, finished_at""";

    private final JdbcClient jdbc;

    /** PostgreSQL lets concurrent claimers skip each other's rows; SQLite has one writer, so it needs nothing. */
    private final String lockQueued;

    JobRepository(JdbcClient jdbc, Dialect dialect) {
        this.jdbc = jdbc;
        this.lockQueued = dialect.postgres() ? " FOR UPDATE SKIP LOCKED" : "";
    }

    long insert(long accountId, String prompt, ProviderId provider, AspectRatio ratio, @Nullable String style, int count,
            LocalDate quotaDay, Instant now) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO generation_jobs (account_id, status, prompt, provider, aspect_ratio, style, count, quota_day, created_at)
                VALUES (:account, 'queued', :prompt, :provider, :ratio, :style, :count, :day, :now)""")
            .param("account", accountId)
            .param("prompt", prompt)
            .param("provider", provider.id())
            .param("ratio", ratio.id())
            .param("style", style)
            .param("count", count)
            .param("day", quotaDay.toString())
            .param("now", now.toEpochMilli())
            .update(keys, "id");
        return keys.getKeyAs(Number.class).longValue();
    }

    Optional<Job> find(long accountId, long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM generation_jobs WHERE id = :id AND account_id = :account")
            .param("id", id)
            .param("account", accountId)
            .query(JobRepository::map)
            .optional();
    }

    Optional<Job> findById(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM generation_jobs WHERE id = :id").param("id", id).query(JobRepository::map).optional();
    }

    List<Job> findAll(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT " + COLUMNS + " FROM generation_jobs WHERE id IN (:ids)").param("ids", ids).query(JobRepository::map).list();
    }

    /** The owner's jobs with ids below {@code before}, newest first. */
    List<Job> page(long accountId, long before, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM generation_jobs WHERE account_id = :account AND id < :before ORDER BY id DESC LIMIT :limit")
            .param("account", accountId)
            .param("before", before)
            .param("limit", limit)
            .query(JobRepository::map)
            .list();
    }

    /** The owner's jobs in one of {@code statuses} with ids below {@code before}, newest first. */
    List<Job> page(long accountId, Collection<GenerationStatus> statuses, long before, int limit) {
        if (statuses.isEmpty()) {
            return page(accountId, before, limit);
        }
        return jdbc.sql("SELECT " + COLUMNS
                + " FROM generation_jobs WHERE account_id = :account AND status IN (:statuses) AND id < :before ORDER BY id DESC LIMIT :limit")
            .param("account", accountId)
            .param("statuses", statuses.stream().map(GenerationStatus::id).toList())
            .param("before", before)
            .param("limit", limit)
            .query(JobRepository::map)
            .list();
    }

    /** Ids of the oldest queued jobs, locked for this transaction; call {@link #markClaimed} in the same one. */
    List<Long> oldestQueued(int limit) {
        return jdbc.sql("SELECT id FROM generation_jobs WHERE status = 'queued' ORDER BY id LIMIT :limit" + lockQueued)
            .param("limit", limit)
            .query(Long.class)
            .list();
    }

    int markClaimed(Collection<Long> ids, String owner, Instant leaseUntil, Instant now) {
        return jdbc.sql("""
                UPDATE generation_jobs
                SET status = 'running', lease_owner = :owner, lease_until = :until, attempts = attempts + 1,
                    started_at = COALESCE(started_at, :now)
                WHERE id IN (:ids) AND status = 'queued'""")
            .param("owner", owner)
            .param("until", leaseUntil.toEpochMilli())
            .param("now", now.toEpochMilli())
            .param("ids", ids)
            .update();
    }

    /** Extends the leases of the owner's running jobs among {@code ids}. */
    int renew(Collection<Long> ids, String owner, Instant leaseUntil) {
        return jdbc.sql("UPDATE generation_jobs SET lease_until = :until WHERE id IN (:ids) AND lease_owner = :owner AND status = 'running'")
            .param("until", leaseUntil.toEpochMilli())
            .param("ids", ids)
            .param("owner", owner)
            .update();
    }

    /** Those of {@code ids} this owner no longer runs: cancelled, or requeued after its lease ran out. */
    List<Long> lost(Collection<Long> ids, String owner) {
        return jdbc.sql("SELECT id FROM generation_jobs WHERE id IN (:ids) AND (status <> 'running' OR lease_owner IS NULL OR lease_owner <> :owner)")
            .param("ids", ids)
            .param("owner", owner)
            .query(Long.class)
            .list();
    }

    /** A worker ends its job; false when the job is no longer its own (cancelled, or requeued and taken by another). */
    boolean finish(long id, String owner, GenerationStatus status, @Nullable GenerationError error, boolean ratioEmulated, Instant now) {
        return jdbc.sql("""
                UPDATE generation_jobs
                SET status = :status, error_code = :code, error_message = :message, ratio_emulated = :emulated,
                    finished_at = :now, lease_owner = NULL, lease_until = NULL
                WHERE id = :id AND status = 'running' AND lease_owner = :owner""")
            .param("status", status.id())
            .param("code", error == null ? null : error.code())
            .param("message", error == null ? null : error.message())
            .param("emulated", ratioEmulated)
            .param("now", now.toEpochMilli())
            .param("id", id)
            .param("owner", owner)
            .update() == 1;
    }

    /** Ends a job that has not ended, whoever runs it: a cancellation, or a job whose workers kept dying. */
    boolean end(long id, GenerationStatus status, GenerationError error, Instant now) {
        return jdbc.sql("""
                UPDATE generation_jobs
                SET status = :status, error_code = :code, error_message = :message, finished_at = :now,
                    lease_owner = NULL, lease_until = NULL
                WHERE id = :id AND status IN ('queued', 'running')""")
            .param("status", status.id())
            .param("code", error.code())
            .param("message", error.message())
            .param("now", now.toEpochMilli())
            .param("id", id)
            .update() == 1;
    }

    /** Running jobs whose lease ran out: their worker died or lost the database. */
    List<Job> expiredLeases(Instant now, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM generation_jobs WHERE status = 'running' AND lease_until < :now ORDER BY id LIMIT :limit")
            .param("now", now.toEpochMilli())
            .param("limit", limit)
            .query(JobRepository::map)
            .list();
    }

    boolean requeueExpired(long id, Instant now) {
        return jdbc.sql("""
                UPDATE generation_jobs SET status = 'queued', lease_owner = NULL, lease_until = NULL
                WHERE id = :id AND status = 'running' AND lease_until < :now""")
            .param("id", id)
            .param("now", now.toEpochMilli())
            .update() == 1;
    }

    /** Puts this owner's running jobs back in the queue at shutdown; the interrupted attempt does not count. */
    List<Long> requeueOwned(Collection<Long> ids, String owner) {
        if (ids.isEmpty()) {
            return List.of();
        }
        List<Long> owned = jdbc.sql("SELECT id FROM generation_jobs WHERE id IN (:ids) AND status = 'running' AND lease_owner = :owner")
            .param("ids", ids)
            .param("owner", owner)
            .query(Long.class)
            .list();
        if (!owned.isEmpty()) {
            jdbc.sql("""
                    UPDATE generation_jobs SET status = 'queued', lease_owner = NULL, lease_until = NULL,
                        attempts = CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END
                    WHERE id IN (:ids) AND status = 'running' AND lease_owner = :owner""")
                .param("ids", owned)
                .param("owner", owner)
                .update();
        }
        return owned;
    }

    int countByStatus(GenerationStatus status) {
        return jdbc.sql("SELECT COUNT(*) FROM generation_jobs WHERE status = :status").param("status", status.id()).query(Integer.class).single();
    }

    private static Job map(ResultSet row, int number) throws SQLException {
        return new Job(row.getLong("id"), row.getLong("account_id"), GenerationStatus.of(row.getString("status")),
                row.getString("prompt"), ProviderId.of(row.getString("provider")).orElseThrow(),
                AspectRatio.of(row.getString("aspect_ratio")).orElseThrow(), row.getString("style"), row.getInt("count"),
                LocalDate.parse(row.getString("quota_day")), row.getInt("attempts"), row.getString("lease_owner"),
                row.getString("error_code"), row.getString("error_message"), row.getBoolean("ratio_emulated"),
                Instant.ofEpochMilli(row.getLong("created_at")), instant(row, "started_at"), instant(row, "finished_at"));
    }

    private static @Nullable Instant instant(ResultSet row, String column) throws SQLException {
        long millis = row.getLong(column);
        return row.wasNull() ? null : Instant.ofEpochMilli(millis);
    }

}
