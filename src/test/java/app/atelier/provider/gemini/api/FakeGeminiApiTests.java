package app.atelier.provider.gemini.api;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The parts of the fake's contract (gemini-api.md §8) that the SDK never reaches: a missing key, {@code ?key=}, the
 * {@code v1} paths, Imagen's {@code :predict}, paging, and unknown routes. Everything else is covered through the
 * production adapter in {@link GeminiApiProviderTests}.
 */
class FakeGeminiApiTests {

    static final JsonMapper json = JsonMapper.builder().build();

    static final HttpClient http = HttpClient.newHttpClient();

    static final String GENERATE = "/v1beta/models/gemini-2.5-flash-image:generateContent";

    static FakeGeminiApi fake;

    @BeforeAll
    static void startFake() {
        fake = new FakeGeminiApi().start();
    }

    @AfterAll
    static void stopFake() {
        fake.close();
    }

    @AfterEach
    void forget() {
        fake.reset();
    }

    @Test
    void refusesACallerWithoutAKeyOnEveryRoute() throws Exception {
        for (String path : new String[] { "/v1beta/models", "/v1/models/gemini-2.5-flash-image", "/v1beta/nowhere" }) {
            HttpResponse<String> response = send(HttpRequest.newBuilder(uri(path)).GET());

            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/json"));
            JsonNode error = json.readTree(response.body()).path("error");
            assertThat(error.path("code").asInt()).isEqualTo(403);
            assertThat(error.path("status").asString()).isEqualTo("PERMISSION_DENIED");
            assertThat(error.path("message").asString()).startsWith("Method doesn't allow unregistered callers");
        }
    }

    @Test
    void takesTheKeyFromTheQueryToo() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/v1/models?pageSize=1&key=bad-key")).GET());

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode details = json.readTree(response.body()).path("error").path("details");
        assertThat(details.path(0).path("reason").asString()).isEqualTo("API_KEY_INVALID");
        assertThat(details.path(1).path("message").asString()).isEqualTo("API key not valid. Please pass a valid API key.");
    }

    @Test
    void generatesOnTheV1PathAsWell() throws Exception {
        HttpResponse<String> response = post("/v1/models/gemini-2.5-flash-image:generateContent", """
                {"contents":[{"parts":[{"text":"A cat"}],"role":"user"}],
                 "generationConfig":{"responseModalities":["TEXT","IMAGE"],"imageConfig":{"aspectRatio":"2:3","imageSize":"2K"}}}""");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode answer = json.readTree(response.body());
        assertThat(answer.path("candidates").path(0).path("finishReason").asString()).isEqualTo("STOP");
        JsonNode inline = answer.path("candidates").path(0).path("content").path("parts").path(1).path("inlineData");
        var image = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(inline.path("data").asString())));
        assertThat(image.getWidth()).isEqualTo(85);
        assertThat(image.getHeight()).isEqualTo(128);
        assertThat(answer.path("usageMetadata").path("totalTokenCount").asInt()).isPositive();
        assertThat(fake.lastRequest().path()).isEqualTo("/v1/models/gemini-2.5-flash-image:generateContent");
    }

    @Test
    void acceptsAnEmptyGenerationConfigAndAnswersWithTextOnly() throws Exception {
        HttpResponse<String> response = post("/v1beta/models/gemini-2.5-flash-image:generateContent", """
                {"contents":[{"parts":[{"text":"A cat"}],"role":"user"}],"generationConfig":{}}""");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode parts = json.readTree(response.body()).path("candidates").path(0).path("content").path("parts");
        assertThat(parts.size()).isEqualTo(1);
        assertThat(parts.path(0).has("text")).isTrue();
    }

    @Test
    void makesFourImagenSamplesByDefault() throws Exception {
        HttpResponse<String> response = post("/v1beta/models/imagen-4.0-generate-001:predict", """
                {"instances":[{"prompt":"a robot"}],"parameters":{"aspectRatio":"16:9","personGeneration":"ALLOW_ADULT"}}""");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode predictions = json.readTree(response.body()).path("predictions");
        assertThat(predictions.size()).isEqualTo(4);
        var image = ImageIO.read(new ByteArrayInputStream(
                Base64.getDecoder().decode(predictions.path(0).path("bytesBase64Encoded").asString())));
        assertThat(image.getWidth()).isEqualTo(64);
        assertThat(image.getHeight()).isEqualTo(36);
        assertThat(predictions.path(0).path("mimeType").asString()).isEqualTo("image/png");
    }

    @Test
    void honoursTheImagenSampleCountAndLowerCaseParameters() throws Exception {
        HttpResponse<String> response = post("/v1/models/imagen-4.0-generate-001:predict", """
                {"instances":[{"prompt":"a robot"}],"parameters":{"sampleCount":2,"personGeneration":"dont_allow"}}""");

        assertThat(json.readTree(response.body()).path("predictions").size()).isEqualTo(2);
    }

    @Test
    void filtersAnImagenSampleWithItsReason() throws Exception {
        HttpResponse<String> response = post("/v1beta/models/imagen-4.0-generate-001:predict", """
                {"instances":[{"prompt":"a robot [filtered]"}],"parameters":{"sampleCount":1,"includeRaiReason":true}}""");

        JsonNode prediction = json.readTree(response.body()).path("predictions").path(0);
        assertThat(prediction.path("raiFilteredReason").asString()).isNotBlank();
        assertThat(prediction.has("bytesBase64Encoded")).isFalse();
    }

    @Test
    void pagesThroughTheModels() throws Exception {
        JsonNode first = json.readTree(get("/v1beta/models?pageSize=3").body());
        JsonNode second = json.readTree(
                get("/v1beta/models?pageSize=3&pageToken=" + first.path("nextPageToken").asString()).body());

        assertThat(first.path("models").size()).isEqualTo(3);
        assertThat(first.path("models").path(0).path("name").asString()).isEqualTo("models/gemini-2.5-flash-image");
        assertThat(first.path("models").path(0).path("supportedGenerationMethods").path(0).asString())
            .isEqualTo("generateContent");
        assertThat(second.path("models").size()).isEqualTo(1);
        assertThat(second.has("nextPageToken")).isFalse();
    }

    @Test
    void describesOneModel() throws Exception {
        JsonNode model = json.readTree(get("/v1/models/gemini-3-pro-image").body());

        assertThat(model.path("name").asString()).isEqualTo("models/gemini-3-pro-image");
        assertThat(model.path("displayName").asString()).isNotBlank();
    }

    @Test
    void answersUnknownModelsAndRoutesWithNotFound() throws Exception {
        HttpResponse<String> model = get("/v1beta/models/gemini-0-retired");
        HttpResponse<String> generate = post("/v1beta/models/imagen-4.0-generate-001:generateContent", "{}");
        HttpResponse<String> route = get("/v2/elsewhere");

        assertThat(model.statusCode()).isEqualTo(404);
        assertThat(json.readTree(model.body()).path("error").path("status").asString()).isEqualTo("NOT_FOUND");
        assertThat(json.readTree(generate.body()).path("error").path("message").asString())
            .contains("not supported for generateContent");
        assertThat(route.statusCode()).isEqualTo(404);
    }

    @Test
    void recordsEveryRequest() throws Exception {
        post("/v1beta/models/gemini-2.5-flash-image:generateContent", """
                {"contents":[{"parts":[{"text":"A cat"}],"role":"user"}]}""");

        FakeGeminiApi.Recorded request = fake.lastRequest();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.header("X-Goog-Api-Key")).isEqualTo(FakeGeminiApi.GOOD_KEY);
        assertThat(request.json().path("contents").path(0).path("parts").path(0).path("text").asString())
            .isEqualTo("A cat");
    }

    @Test
    void reusedImagesDifferInTheirBytesButNotInTheirPixels() throws Exception {
        try (FakeGeminiApi reusing = new FakeGeminiApi().reuseImages().start()) {
            for (String marker : new String[] { "", " [jpeg]" }) {
                byte[] first = imageOf(reusing, "A cat" + marker);
                byte[] second = imageOf(reusing, "A dog" + marker);

                assertThat(first).isNotEqualTo(second);
                BufferedImage one = ImageIO.read(new ByteArrayInputStream(first));
                BufferedImage other = ImageIO.read(new ByteArrayInputStream(second));
                assertThat(one.getWidth()).isEqualTo(64);
                assertThat(other.getRGB(0, 0)).isEqualTo(one.getRGB(0, 0));
                assertThat(other.getRGB(63, 63)).isEqualTo(one.getRGB(63, 63));
            }
        }
    }

    @Test
    void countsTheGenerateCallsItHolds() throws Exception {
        try (FakeGeminiApi slow = new FakeGeminiApi().answerDelay(Duration.ofSeconds(1)).start().exposeStats()) {
            CompletableFuture<HttpResponse<String>> call = http.sendAsync(HttpRequest.newBuilder(URI.create(slow.baseUrl() + GENERATE))
                .header("x-goog-api-key", FakeGeminiApi.GOOD_KEY)
                .POST(HttpRequest.BodyPublishers.ofString(generateBody("A cat")))
                .build(), HttpResponse.BodyHandlers.ofString());

            await().atMost(Duration.ofSeconds(5)).until(() -> stats(slow).path("inFlight").asInt() == 1);
            assertThat(call.get().statusCode()).isEqualTo(200);
            JsonNode after = stats(slow);
            assertThat(after.path("inFlight").asInt()).isZero();
            assertThat(after.path("mostInFlight").asInt()).isEqualTo(1);
            assertThat(after.path("generateCalls").asInt()).isEqualTo(1);
        }
    }

    static byte[] imageOf(FakeGeminiApi api, String prompt) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(api.baseUrl() + GENERATE))
            .header("x-goog-api-key", FakeGeminiApi.GOOD_KEY)
            .POST(HttpRequest.BodyPublishers.ofString(generateBody(prompt)))
            .build(), HttpResponse.BodyHandlers.ofString());
        JsonNode parts = json.readTree(response.body()).path("candidates").path(0).path("content").path("parts");
        return Base64.getDecoder().decode(parts.path(1).path("inlineData").path("data").asString());
    }

    static String generateBody(String prompt) {
        return json.writeValueAsString(Map.of("contents", List.of(Map.of("parts", List.of(Map.of("text", prompt)))),
                "generationConfig", Map.of("responseModalities", List.of("TEXT", "IMAGE"))));
    }

    static JsonNode stats(FakeGeminiApi api) throws IOException, InterruptedException {
        return json.readTree(http.send(HttpRequest.newBuilder(URI.create(api.baseUrl() + "/_fake/stats")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    static URI uri(String path) {
        return URI.create(fake.baseUrl() + path);
    }

    static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).header("x-goog-api-key", FakeGeminiApi.GOOD_KEY).GET());
    }

    static HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path))
            .header("x-goog-api-key", FakeGeminiApi.GOOD_KEY)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

}
