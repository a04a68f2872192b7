package app.atelier.generation;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import app.atelier.provider.gemini.web.FakeGeminiWebServer;
import app.atelier.support.ApiUser;
import app.atelier.support.FakeUpstreams;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static app.atelier.support.ApiUser.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Graceful shutdown: the worker stops claiming, lets running jobs finish for {@code shutdown-timeout}, and puts the
 * ones still running back in the queue, where a worker that starts again picks them up.
 */
@SpringBootTest(properties = { "atelier.generation.shutdown-timeout=6s", "atelier.quota.tiers.free.per-minute=1000",
        "spring.application.name=generation-shutdown" })
@AutoConfigureMockMvc
class GenerationShutdownTests {

    @RegisterExtension
    static final FakeUpstreams fakes = new FakeUpstreams();

    static final FakeGeminiWebServer web = fakes.web();

    static {
        web.signIn("test-psid-stop", "test-psidts-stop");
    }

    @DynamicPropertySource
    static void pointAtTheFakes(DynamicPropertyRegistry registry) {
        fakes.pointApplicationAt(registry);
    }

    @Autowired
    MockMvcTester mvc;

    @Autowired
    Worker worker;

    @Autowired
    JobRepository jobs;

    @Test
    void finishesWhatItCanAndRequeuesTheRestWithTheirReservation() {
        ApiUser user = ApiUser.register(mvc, "stop");
        assertThat(user.put("/api/v1/credentials/gemini-api", "{\"apiKey\": \"slow-key\"}")).hasStatus(200);
        assertThat(user.put("/api/v1/credentials/gemini-web", "{\"psid\": \"test-psid-stop\", \"psidts\": \"test-psidts-stop\"}")).hasStatus(200);
        long quick = tree(user.post("/api/v1/generations", "{\"prompt\": \"two seconds\", \"provider\": \"gemini-api\"}")).path("id").asLong();
        long stuck = tree(user.post("/api/v1/generations", "{\"prompt\": \"forever [fake:stall]\", \"provider\": \"gemini-web\", \"count\": 2}"))
            .path("id").asLong();
        await().atMost(Duration.ofSeconds(30)).until(() -> status(quick) == GenerationStatus.RUNNING && status(stuck) == GenerationStatus.RUNNING);

        worker.stop();

        assertThat(status(quick)).isEqualTo(GenerationStatus.SUCCEEDED);
        Job requeued = jobs.findById(stuck).orElseThrow();
        assertThat(requeued.status()).isEqualTo(GenerationStatus.QUEUED);
        assertThat(requeued.leaseOwner()).isNull();
        assertThat(requeued.attempts()).as("an attempt cut short by shutdown does not count").isZero();
        assertThat(tree(user.post("/api/v1/generations", "{\"prompt\": \"while stopped\", \"provider\": \"gemini-api\"}")).path("status").asString())
            .isEqualTo("queued");

        worker.start();

        await().atMost(Duration.ofSeconds(30)).until(() -> status(stuck) == GenerationStatus.RUNNING);
        assertThat(user.delete("/api/v1/generations/" + stuck)).hasStatus(202);
        assertThat(status(stuck)).isEqualTo(GenerationStatus.CANCELLED);
    }

    GenerationStatus status(long id) {
        return jobs.findById(id).orElseThrow().status();
    }

}
