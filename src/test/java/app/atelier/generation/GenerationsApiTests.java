package app.atelier.generation;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

import app.atelier.provider.gemini.api.FakeGeminiApiAccess;
import app.atelier.provider.gemini.web.FakeGeminiWebServer;
import app.atelier.support.ApiUser;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static app.atelier.support.ApiUser.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code /api/v1/generations} end to end: submit, the worker, the fake upstreams, stored images and the quota. */
@SpringBootTest(properties = { "atelier.quota.tiers.free.per-minute=1000", "atelier.quota.tiers.free.daily-images=1000" })
@AutoConfigureMockMvc
class GenerationsApiTests {

    static final Set<String> GENERATION_FIELDS = Set.of("id", "status", "prompt", "provider", "aspectRatio", "style", "count",
            "createdAt", "startedAt", "finishedAt", "images", "error", "ratioEmulated", "elapsedMs");

    static final String PSID = "test-psid-gen";

    static final String PSIDTS = "test-psidts-gen";

    static final FakeGeminiWebServer web = FakeGeminiWebServer.start();

    static final FakeGeminiApiAccess api = new FakeGeminiApiAccess();

    static {
        web.signIn(PSID, PSIDTS);
    }

    @DynamicPropertySource
    static void pointAtTheFakes(DynamicPropertyRegistry registry) {
        web.pointApplicationAt(registry);
        api.pointApplicationAt(registry);
    }

    @AfterAll
    static void stopFakes() {
        web.close();
        api.close();
    }

    @Autowired
    MockMvcTester mvc;

    @Autowired
    JdbcClient jdbc;

    @ParameterizedTest
    @CsvSource({ "gemini-api, 1, 16:9", "gemini-api, 4, 3:4", "gemini-web, 1, 16:9", "gemini-web, 4, 1:1" })
    void generatesTheImagesAskedForWithTheChosenProviderAndRatio(String provider, int count, String ratio) {
        ApiUser user = userWith(provider);

        // the fake web app answers with one image unless the prompt asks it for more
        String prompt = provider.equals("gemini-web") ? "a lighthouse at dusk [fake:images=" + count + "]" : "a lighthouse at dusk";
        MvcTestResult submitted = user.post("/api/v1/generations",
                "{\"prompt\": \"%s\", \"provider\": \"%s\", \"aspectRatio\": \"%s\", \"style\": \"watercolour\", \"count\": %d}"
                    .formatted(prompt, provider, ratio, count));

        assertThat(submitted).hasStatus(202);
        JsonNode queued = tree(submitted);
        assertThat(queued.propertyNames()).containsExactlyInAnyOrderElementsOf(GENERATION_FIELDS);
        assertThat(submitted.getResponse().getHeader("Location")).isEqualTo("/api/v1/generations/" + queued.path("id").asLong());
        assertThat(queued.path("prompt").asString()).isEqualTo(prompt);
        JsonNode done = awaitEnd(user, queued.path("id").asLong());
        assertThat(done.path("status").asString()).isEqualTo("succeeded");
        assertThat(done.path("error").isNull()).isTrue();
        assertThat(done.path("images")).hasSize(count);
        assertThat(done.path("ratioEmulated").asBoolean()).isEqualTo(provider.equals("gemini-web"));
        String[] parts = ratio.split(":");
        for (JsonNode image : done.path("images")) {
            assertThat(image.path("style").asString()).isEqualTo("watercolour");
            assertThat(image.path("provider").asString()).isEqualTo(provider);
            assertThat(image.path("aspectRatio").asString()).isEqualTo(ratio);
            double expected = Double.parseDouble(parts[0]) / Double.parseDouble(parts[1]);
            double actual = image.path("width").asDouble() / image.path("height").asDouble();
            assertThat(actual).isCloseTo(expected, org.assertj.core.data.Offset.offset(0.05));
            MvcTestResult content = user.get(image.path("url").asString());
            assertThat(content).hasStatus(200);
            assertThat(content.getResponse().getContentAsByteArray()).hasSize(image.path("bytes").asInt());
        }
        assertThat(usedToday(user)).isEqualTo(count);
    }

    JsonNode awaitEnd(ApiUser user, long id) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
            last[0] = tree(user.get("/api/v1/generations/" + id));
            return Set.of("succeeded", "failed", "cancelled").contains(last[0].path("status").asString());
        });
        return last[0];
    }

    ApiUser userWith(String provider) {
        ApiUser user = ApiUser.register(mvc, "gen");
        if (provider.equals("gemini-web")) {
            assertThat(user.put("/api/v1/credentials/gemini-web", "{\"psid\": \"" + PSID + "\", \"psidts\": \"" + PSIDTS + "\"}")).hasStatus(200);
        }
        else {
            assertThat(user.put("/api/v1/credentials/gemini-api", "{\"apiKey\": \"test-key-gen\"}")).hasStatus(200);
        }
        return user;
    }

    int usedToday(ApiUser user) {
        return jdbc.sql("SELECT COALESCE(SUM(committed), 0) FROM quota_days WHERE account_id = :account").param("account", user.id())
            .query(Integer.class).single();
    }

}
