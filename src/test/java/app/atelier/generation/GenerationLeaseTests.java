package app.atelier.generation;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import app.atelier.provider.AspectRatio;
import app.atelier.provider.ProviderId;
import app.atelier.provider.gemini.api.FakeGeminiApiAccess;
import app.atelier.quota.Quotas;
import app.atelier.quota.Reservation;
import app.atelier.support.ApiUser;
import app.atelier.support.MutableClock;
import app.atelier.support.TestClockConfiguration;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A job left running by a worker that died: its lease runs out, it is queued again, and another worker completes it,
 * charged exactly once; a job whose workers keep dying fails and frees its quota.
 */
@SpringBootTest(properties = { "atelier.generation.lease=3s", "atelier.generation.poll-interval=100ms", "atelier.generation.max-attempts=3",
        "spring.application.name=generation-leases" })
@AutoConfigureMockMvc
@Import(TestClockConfiguration.class)
class GenerationLeaseTests {

    static final FakeGeminiApiAccess api = new FakeGeminiApiAccess();

    @DynamicPropertySource
    static void pointAtTheFake(DynamicPropertyRegistry registry) {
        api.pointApplicationAt(registry);
    }

    @AfterAll
    static void stopFake() {
        api.close();
    }

    @Autowired
    MockMvcTester mvc;

    @Autowired
    JobRepository jobs;

    @Autowired
    Quotas quotas;

    @Autowired
    MutableClock clock;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void aJobWhoseWorkerDiedRunsAgainAndIsChargedOnce() {
        ApiUser user = apiUser();
        long id = claimedByADeadWorker(user, 2, 0);
        sleep(Duration.ofMillis(500));
        assertThat(job(id).status()).isEqualTo(GenerationStatus.RUNNING);
        assertThat(job(id).leaseOwner()).isEqualTo("dead-worker");

        clock.advance(Duration.ofSeconds(4));

        await().atMost(Duration.ofSeconds(20)).until(() -> job(id).status().terminal());
        Job done = job(id);
        assertThat(done.status()).isEqualTo(GenerationStatus.SUCCEEDED);
        assertThat(done.attempts()).isEqualTo(2);
        assertThat(imageCount(id)).isEqualTo(2);
        assertThat(ledger(user)).containsExactly(0, 2);
        assertThat(jobs.finish(id, "dead-worker", GenerationStatus.SUCCEEDED, null, false, clock.instant()))
            .as("the dead worker coming back cannot end the job a second time").isFalse();
        assertThat(ledger(user)).containsExactly(0, 2);
    }

    @Test
    void aJobWhoseWorkersKeepDyingFailsAndFreesItsQuota() {
        ApiUser user = apiUser();
        long id = claimedByADeadWorker(user, 3, 2);

        clock.advance(Duration.ofSeconds(4));

        await().atMost(Duration.ofSeconds(20)).until(() -> job(id).status().terminal());
        Job failed = job(id);
        assertThat(failed.status()).isEqualTo(GenerationStatus.FAILED);
        assertThat(failed.errorCode()).isEqualTo("upstream_error");
        assertThat(failed.errorMessage()).contains("interrupted 3 times");
        assertThat(imageCount(id)).isZero();
        assertThat(ledger(user)).containsExactly(0, 0);
    }

    @Test
    void aRunningJobKeepsItsLeaseWhileItsWorkerLives() {
        ApiUser user = apiUser();
        long id = ApiUser.tree(user.post("/api/v1/generations", "{\"prompt\": \"a long wait\"}")).path("id").asLong();
        await().atMost(Duration.ofSeconds(20)).until(() -> job(id).status().terminal());

        assertThat(job(id).attempts()).isEqualTo(1);
        assertThat(job(id).status()).isEqualTo(GenerationStatus.SUCCEEDED);
    }

    /** Queues a job and, in the same transaction, claims it for a worker that will never come back. */
    long claimedByADeadWorker(ApiUser user, int count, int earlierAttempts) {
        Long id = new TransactionTemplate(transactions).execute(status -> {
            Instant now = clock.instant();
            Reservation reservation = quotas.reserve(user.id(), "free", count);
            long jobId = jobs.insert(user.id(), "a lighthouse", ProviderId.GEMINI_API, AspectRatio.SQUARE, null, count, reservation.day(), now);
            jdbc.sql("UPDATE generation_jobs SET attempts = :attempts WHERE id = :id").param("attempts", earlierAttempts).param("id", jobId).update();
            jobs.markClaimed(List.of(jobId), "dead-worker", now.plusSeconds(3), now);
            return jobId;
        });
        assertThat(id).isNotNull();
        return id;
    }

    ApiUser apiUser() {
        ApiUser user = ApiUser.register(mvc, "lease");
        assertThat(user.put("/api/v1/credentials/gemini-api", "{\"apiKey\": \"test-key-lease\"}")).hasStatus(200);
        return user;
    }

    Job job(long id) {
        return jobs.findById(id).orElseThrow();
    }

    int imageCount(long generationId) {
        return jdbc.sql("SELECT COUNT(*) FROM images WHERE generation_id = :id").param("id", generationId).query(Integer.class).single();
    }

    /** Today's reserved and committed images of the user. */
    List<Integer> ledger(ApiUser user) {
        return jdbc.sql("SELECT reserved, committed FROM quota_days WHERE account_id = :account").param("account", user.id())
            .query((row, n) -> List.of(row.getInt("reserved"), row.getInt("committed"))).single();
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

}
