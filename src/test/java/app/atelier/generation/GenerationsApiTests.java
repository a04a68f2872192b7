package app.atelier.generation;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

import app.atelier.provider.gemini.web.FakeGeminiWebServer;
import app.atelier.support.ApiUser;
import app.atelier.support.FakeUpstreams;

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

    @RegisterExtension
    static final FakeUpstreams fakes = new FakeUpstreams();

    static final FakeGeminiWebServer web = fakes.web();

    static {
        web.signIn(PSID, PSIDTS);
    }

    @DynamicPropertySource
    static void pointAtTheFakes(DynamicPropertyRegistry registry) {
        fakes.pointApplicationAt(registry);
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
        JsonNode done = user.awaitEnd(queued.path("id").asLong());
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

    @Test
    void defaultsToTheApiKeyOneSquareImageAndNoStyle() {
        ApiUser user = userWith("gemini-web");
        assertThat(user.put("/api/v1/credentials/gemini-api", "{\"apiKey\": \"test-key-gen\"}")).hasStatus(200);

        JsonNode queued = tree(user.post("/api/v1/generations", "{\"prompt\": \"  a paper boat  \"}"));

        assertThat(queued.path("provider").asString()).isEqualTo("gemini-api");
        assertThat(queued.path("aspectRatio").asString()).isEqualTo("1:1");
        assertThat(queued.path("count").asInt()).isEqualTo(1);
        assertThat(queued.path("style").isNull()).isTrue();
        assertThat(queued.path("prompt").asString()).isEqualTo("a paper boat");
        JsonNode done = user.awaitEnd(queued.path("id").asLong());
        assertThat(done.path("status").asString()).isEqualTo("succeeded");
        assertThat(done.path("startedAt").asString()).endsWith("Z");
        assertThat(done.path("finishedAt").asString()).endsWith("Z");
    }

    @Test
    void refusesInvalidRequestsNamingEveryBadFieldAndQueuesNothing() {
        ApiUser user = userWith("gemini-api");

        MvcTestResult refused = user.post("/api/v1/generations",
                "{\"prompt\": \"" + "x".repeat(4001) + "\", \"aspectRatio\": \"5:4\", \"style\": \"no-such-style\", \"count\": 5, \"provider\": \"dall-e\"}");

        assertProblem(refused, 422, "validation_failed");
        assertThat(tree(refused).path("errors").valueStream().map(error -> error.path("field").asString()))
            .containsExactlyInAnyOrder("prompt", "aspectRatio", "style", "count", "provider");
        assertProblem(user.post("/api/v1/generations", "{\"prompt\": \"   \"}"), 422, "validation_failed");
        assertProblem(user.post("/api/v1/generations", "{}"), 422, "validation_failed");
        assertProblem(user.post("/api/v1/generations", "{\"prompt\": \"a\", \"count\": 0}"), 422, "validation_failed");
        assertThat(jobCount(user)).isZero();
        assertThat(usedToday(user)).isZero();
    }

    @Test
    void acceptsAPromptOfExactly4000CharactersCountingCodePoints() {
        ApiUser user = userWith("gemini-api");
        String prompt = "🎨".repeat(4000);

        assertThat(user.post("/api/v1/generations", "{\"prompt\": \"" + prompt + "\"}")).hasStatus(202);
        assertProblem(user.post("/api/v1/generations", "{\"prompt\": \"" + prompt + "a\"}"), 422, "validation_failed");
    }

    @Test
    void answersNoCredentialsWithoutAUsableOneForTheProvider() {
        ApiUser user = ApiUser.register(mvc, "gen");
        assertProblem(user.post("/api/v1/generations", "{\"prompt\": \"a fox\"}"), 409, "no_credentials");

        assertThat(user.put("/api/v1/credentials/gemini-api", "{\"apiKey\": \"test-key-gen\"}")).hasStatus(200);
        assertProblem(user.post("/api/v1/generations", "{\"prompt\": \"a fox\", \"provider\": \"gemini-web\"}"), 409, "no_credentials");
        assertThat(jobCount(user)).isZero();
    }

    @Test
    void anotherUsersGenerationIsNotFoundEverywhere() throws Exception {
        ApiUser owner = userWith("gemini-api");
        ApiUser stranger = userWith("gemini-api");
        long id = tree(owner.post("/api/v1/generations", "{\"prompt\": \"a secret garden\"}")).path("id").asLong();

        assertProblem(stranger.get("/api/v1/generations/" + id), 404, "not_found");
        assertProblem(stranger.get("/api/v1/generations/" + id + "/events"), 404, "not_found");
        assertProblem(stranger.delete("/api/v1/generations/" + id), 404, "not_found");
        assertProblem(stranger.get("/api/v1/generations/abc"), 404, "not_found");
        assertThat(tree(stranger.get("/api/v1/generations")).path("items")).isEmpty();
        assertThat(owner.get("/api/v1/generations/" + id)).hasStatus(200);
        assertThat(owner.awaitEnd(id).path("status").asString()).isEqualTo("succeeded");
        assertThat(stranger.get("/api/v1/generations/" + id).getResponse().getContentAsString()).doesNotContain("secret garden");
    }

    @Test
    void needsAuthentication() {
        assertProblem(mvc.post().uri("/api/v1/generations").contentType(MediaType.APPLICATION_JSON).content("{\"prompt\": \"a\"}").exchange(),
                401, "unauthorized");
        assertProblem(mvc.get().uri("/api/v1/generations").exchange(), 401, "unauthorized");
    }

    @Test
    void listsTheHistoryNewestFirstAcrossPagesWithoutGapsOrRepeats() {
        ApiUser user = userWith("gemini-api");
        List<Long> submitted = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            submitted.add(tree(user.post("/api/v1/generations", "{\"prompt\": \"page " + i + "\"}")).path("id").asLong());
        }

        JsonNode first = tree(user.get("/api/v1/generations?limit=2"));
        JsonNode second = tree(user.get("/api/v1/generations?limit=2&cursor=" + first.path("nextCursor").asString()));
        JsonNode third = tree(user.get("/api/v1/generations?limit=2&cursor=" + second.path("nextCursor").asString()));

        List<Long> seen = java.util.stream.Stream.of(first, second, third)
            .flatMap(page -> page.path("items").valueStream())
            .map(item -> item.path("id").asLong())
            .toList();
        java.util.Collections.reverse(submitted);
        assertThat(seen).containsExactlyElementsOf(submitted);
        assertThat(third.path("nextCursor").isNull()).isTrue();
        assertThat(first.propertyNames()).containsExactlyInAnyOrder("items", "nextCursor");
        assertProblem(user.get("/api/v1/generations?limit=0"), 422, "validation_failed");
        assertProblem(user.get("/api/v1/generations?limit=101"), 422, "validation_failed");
        assertProblem(user.get("/api/v1/generations?cursor=garbage"), 422, "validation_failed");
    }

    @Test
    void cancelsAQueuedOrRunningGenerationAndFreesItsQuota() {
        ApiUser user = userWith("gemini-web");
        long id = tree(user.post("/api/v1/generations",
                "{\"prompt\": \"a slow sunrise [fake:stall]\", \"provider\": \"gemini-web\", \"count\": 3}")).path("id").asLong();
        await().atMost(Duration.ofSeconds(30)).until(() -> tree(user.get("/api/v1/generations/" + id)).path("status").asString().equals("running"));
        assertThat(reservedToday(user)).isEqualTo(3);

        MvcTestResult cancelled = user.delete("/api/v1/generations/" + id);

        assertThat(cancelled).hasStatus(202);
        assertThat(tree(cancelled).path("status").asString()).isEqualTo("cancelled");
        assertThat(tree(cancelled).path("error").path("code").asString()).isEqualTo("cancelled");
        assertThat(reservedToday(user)).isZero();
        assertThat(usedToday(user)).isZero();
        assertProblem(user.delete("/api/v1/generations/" + id), 409, "not_cancellable");
        assertThat(tree(user.get("/api/v1/generations/" + id)).path("images")).isEmpty();
    }

    @Test
    void aFinishedGenerationIsNotCancellable() {
        ApiUser user = userWith("gemini-api");
        long id = tree(user.post("/api/v1/generations", "{\"prompt\": \"a done deal\"}")).path("id").asLong();
        user.awaitEnd(id);

        MvcTestResult refused = user.delete("/api/v1/generations/" + id);

        assertProblem(refused, 409, "not_cancellable");
        assertThat(tree(refused).path("detail").asString()).contains("already succeeded");
        assertThat(usedToday(user)).isEqualTo(1);
    }

    static void assertProblem(MvcTestResult result, int status, String code) {
        assertThat(result).hasStatus(status);
        assertThat(result).hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(tree(result).path("code").asString()).isEqualTo(code);
    }

    int jobCount(ApiUser user) {
        return jdbc.sql("SELECT COUNT(*) FROM generation_jobs WHERE account_id = :account").param("account", user.id()).query(Integer.class).single();
    }

    int reservedToday(ApiUser user) {
        return jdbc.sql("SELECT COALESCE(SUM(reserved), 0) FROM quota_days WHERE account_id = :account").param("account", user.id())
            .query(Integer.class).single();
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
