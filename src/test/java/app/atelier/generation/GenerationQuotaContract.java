package app.atelier.generation;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import app.atelier.quota.Quotas;
import app.atelier.support.ApiUser;
import app.atelier.support.MutableClock;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static app.atelier.support.ApiUser.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Quotas and rate limits through {@code POST /api/v1/generations}, with the worker running the jobs: concurrent
 * submits never overspend, the per-minute limit holds, failures give their images back: on PostgreSQL
 * in {@link GenerationQuotaPostgresTests}, on SQLite in {@link GenerationQuotaTests}. Each subclass runs its own fake Gemini API.
 */
abstract class GenerationQuotaContract {

    static final int SUBMITS = 50;

    @Autowired
    MockMvcTester mvc;

    @Autowired
    Quotas quotas;

    @Autowired
    JdbcClient jdbc;

    /** Frozen, so that a test's requests cannot straddle two one-minute windows on a slow machine. */
    @Autowired
    MutableClock clock;

    @Test
    void fiftyConcurrentSubmitsWithFiveImagesLeftQueueExactlyFive() throws Exception {
        ApiUser user = apiUser();
        quotas.setOverride(user.id(), 5);
        ExecutorService executor = Executors.newFixedThreadPool(SUBMITS);
        List<MvcTestResult> answers = new ArrayList<>();
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<MvcTestResult>> submits = new ArrayList<>();
            for (int i = 0; i < SUBMITS; i++) {
                int n = i;
                submits.add(executor.submit(() -> {
                    start.await();
                    return user.post("/api/v1/generations", "{\"prompt\": \"racer " + n + "\"}");
                }));
            }
            start.countDown();
            for (Future<MvcTestResult> submit : submits) {
                answers.add(submit.get());
            }
        }
        finally {
            executor.shutdownNow();
        }

        assertThat(answers).filteredOn(answer -> answer.getResponse().getStatus() == 202).hasSize(5);
        List<MvcTestResult> refused = answers.stream().filter(answer -> answer.getResponse().getStatus() != 202).toList();
        assertThat(refused).hasSize(SUBMITS - 5).allSatisfy(answer -> {
            GenerationsApiTests.assertProblem(answer, 429, "quota_exhausted");
            assertThat(Long.parseLong(answer.getResponse().getHeader("Retry-After"))).isPositive();
        });
        assertThat(jobCount(user)).isEqualTo(5);
        await().atMost(Duration.ofSeconds(30)).until(() -> finishedCount(user) == 5);
        assertThat(imageCount(user)).isEqualTo(5);
        assertThat(quotas.usage(user.id(), "free").remainingToday()).isZero();
    }

    @Test
    void theSixthRequestOfAMinuteIsRateLimitedAndReservesNothing() {
        clock.set(Instant.now().truncatedTo(ChronoUnit.MINUTES).plusSeconds(1));
        ApiUser user = apiUser();
        jdbc.sql("UPDATE accounts SET tier = 'premium' WHERE id = :id").param("id", user.id()).update();
        for (int i = 0; i < 5; i++) {
            assertThat(user.post("/api/v1/generations", "{\"prompt\": \"minute " + i + "\"}")).hasStatus(202);
        }

        MvcTestResult limited = user.post("/api/v1/generations", "{\"prompt\": \"one too many\", \"count\": 4}");

        GenerationsApiTests.assertProblem(limited, 429, "rate_limited");
        long retryAfter = Long.parseLong(limited.getResponse().getHeader("Retry-After"));
        assertThat(retryAfter).isBetween(1L, 60L);
        assertThat(tree(limited).path("detail").asString()).contains("5 generations a minute");
        assertThat(jobCount(user)).isEqualTo(5);
        await().atMost(Duration.ofSeconds(30)).until(() -> finishedCount(user) == 5);
        assertThat(quotas.usage(user.id(), "premium").usedToday()).isEqualTo(5);
    }

    @Test
    void aFailedGenerationGivesItsReservationBackAndASuccessKeepsWhatItDelivered() {
        ApiUser user = apiUser();
        quotas.setOverride(user.id(), 4);

        JsonNode failed = user.generate("{\"prompt\": \"refused [block:SAFETY]\", \"count\": 4}");
        assertThat(failed.path("status").asString()).isEqualTo("failed");
        assertThat(quotas.usage(user.id(), "free").remainingToday()).isEqualTo(4);

        JsonNode succeeded = user.generate("{\"prompt\": \"granted\", \"count\": 4}");
        assertThat(succeeded.path("status").asString()).isEqualTo("succeeded");
        assertThat(quotas.usage(user.id(), "free").usedToday()).isEqualTo(4);
        GenerationsApiTests.assertProblem(user.post("/api/v1/generations", "{\"prompt\": \"more\"}"), 429, "quota_exhausted");
    }

    ApiUser apiUser() {
        ApiUser user = ApiUser.register(mvc, "quota");
        assertThat(user.put("/api/v1/credentials/gemini-api", "{\"apiKey\": \"test-key-quota\"}")).hasStatus(200);
        return user;
    }

    int jobCount(ApiUser user) {
        return jdbc.sql("SELECT COUNT(*) FROM generation_jobs WHERE account_id = :account").param("account", user.id()).query(Integer.class).single();
    }

    int finishedCount(ApiUser user) {
        return jdbc.sql("SELECT COUNT(*) FROM generation_jobs WHERE account_id = :account AND status = 'succeeded'").param("account", user.id())
            .query(Integer.class).single();
    }

    int imageCount(ApiUser user) {
        return jdbc.sql("SELECT COUNT(*) FROM images WHERE account_id = :account").param("account", user.id()).query(Integer.class).single();
    }

}
