package app.atelier.generation;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import app.atelier.provider.AspectRatio;
import app.atelier.provider.ProviderId;
import app.atelier.platform.Dialect;
import app.atelier.support.TestDatabases;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/** The history's status filter in SQL, on both databases: owner-scoped, newest first, paged by id. */
class JobHistoryTests {

    private JdbcClient jdbc;

    private JobRepository jobs;

    private void open(TestDatabases database) {
        DataSource dataSource = database.dataSource();
        jdbc = JdbcClient.create(dataSource);
        jobs = new JobRepository(jdbc, new Dialect(dataSource));
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void keepsOnlyTheOwnersJobsInTheChosenStatusesNewestFirst(TestDatabases database) {
        open(database);
        long ada = account("ada");
        long bob = account("bob");
        long failedFirst = job(ada, "failed");
        long running = job(ada, "running");
        long succeeded = job(ada, "succeeded");
        long queued = job(ada, "queued");
        long failedLast = job(ada, "failed");
        job(bob, "failed");
        job(bob, "running");

        assertThat(ids(jobs.page(ada, Set.of(GenerationStatus.FAILED), Long.MAX_VALUE, 10))).containsExactly(failedLast, failedFirst);
        assertThat(ids(jobs.page(ada, Set.of(GenerationStatus.QUEUED, GenerationStatus.RUNNING), Long.MAX_VALUE, 10)))
            .containsExactly(queued, running);
        assertThat(ids(jobs.page(ada, Set.of(), Long.MAX_VALUE, 10))).containsExactly(failedLast, queued, succeeded, running, failedFirst);
        assertThat(ids(jobs.page(ada, Set.of(GenerationStatus.CANCELLED), Long.MAX_VALUE, 10))).isEmpty();
        assertThat(ids(jobs.page(ada, Set.of(GenerationStatus.FAILED), failedLast, 10))).containsExactly(failedFirst);
        assertThat(ids(jobs.page(ada, Set.of(GenerationStatus.FAILED, GenerationStatus.SUCCEEDED), Long.MAX_VALUE, 2)))
            .containsExactly(failedLast, succeeded);
    }

    @Test
    void sqliteFindsOneStatusOfOneOwnerThroughTheIndex() {
        open(TestDatabases.SQLITE);
        List<String> plan = jdbc.sql("""
                EXPLAIN QUERY PLAN SELECT id FROM generation_jobs
                WHERE account_id = 1 AND status IN ('failed') AND id < 100 ORDER BY id DESC LIMIT 20""")
            .query((row, number) -> row.getString("detail"))
            .list();

        assertThat(String.join("\n", plan)).contains("generation_jobs_account_status").doesNotContain("TEMP B-TREE");
    }

    private long account(String username) {
        jdbc.sql("INSERT INTO accounts (username, email, password_hash, created_at) VALUES (:username, :email, 'hash', 0)")
            .param("username", username)
            .param("email", username + "@example.com")
            .update();
        return jdbc.sql("SELECT id FROM accounts WHERE username = :username").param("username", username).query(Long.class).single();
    }

    private long job(long accountId, String status) {
        long id = jobs.insert(accountId, "a " + status + " job", ProviderId.GEMINI_API, AspectRatio.SQUARE, null, 1,
                LocalDate.of(2026, 3, 10), Instant.EPOCH);
        jdbc.sql("UPDATE generation_jobs SET status = :status WHERE id = :id").param("status", status).param("id", id).update();
        return id;
    }

    private static List<Long> ids(List<Job> page) {
        return page.stream().map(Job::id).toList();
    }

}
