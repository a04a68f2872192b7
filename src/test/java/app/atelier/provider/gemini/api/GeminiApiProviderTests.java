package app.atelier.provider.gemini.api;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.MemoryCacheImageInputStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import app.atelier.provider.AspectRatio;
import app.atelier.provider.CredentialCheck;
import app.atelier.provider.CredentialStatus;
import app.atelier.provider.FailureCode;
import app.atelier.provider.GeneratedImage;
import app.atelier.provider.GenerationResult;
import app.atelier.provider.ImageRequest;
import app.atelier.provider.ProviderCredential;
import app.atelier.provider.ProviderFailure;
import app.atelier.provider.ProviderId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class GeminiApiProviderTests {

    static final String MODEL = "gemini-2.5-flash-image";

    static FakeGeminiApi fake;

    ApiClients clients;

    GeminiApiProvider provider;

    @BeforeAll
    static void startFake() {
        fake = new FakeGeminiApi().start();
    }

    @AfterAll
    static void stopFake() {
        fake.close();
    }

    @BeforeEach
    void createProvider() {
        provider = provider(fake.baseUrl(), MODEL);
    }

    @AfterEach
    void closeClients() {
        clients.close();
        fake.reset();
    }

    @Test
    void generatesAnImageOfTheRequestedAspectRatioNatively() throws IOException {
        GenerationResult result = provider.generate(key(FakeGeminiApi.GOOD_KEY),
                new ImageRequest("A cat in a hat", AspectRatio.LANDSCAPE_16_9, null, 1));

        assertThat(result.images()).hasSize(1);
        GeneratedImage image = result.images().get(0);
        int[] size = fake.sizeOf("16:9");
        assertThat(image.mimeType()).isEqualTo("image/png");
        assertThat(image.width()).isEqualTo(size[0]).isGreaterThan(image.height());
        assertThat(image.height()).isEqualTo(size[1]);
        assertThat(ImageIO.read(new ByteArrayInputStream(image.bytes())).getWidth()).isEqualTo(size[0]);
        assertThat(result.aspectRatioEmulated()).isFalse();
        assertThat(result.text()).isEqualTo("Here is your image.");
        assertThat(result.upstreamIds()).hasSize(1).first().asString().isNotBlank();
    }

    @Test
    void sendsExactlyTheRequestOfTheSpec() {
        provider.generate(key("fake-wire-key"),
                new ImageRequest("A lighthouse", AspectRatio.PORTRAIT_3_4, "watercolour, soft edges", 1));

        FakeGeminiApi.Recorded request = fake.lastRequest();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/v1beta/models/gemini-2.5-flash-image:generateContent");
        assertThat(request.query()).isNull();
        assertThat(request.header("x-goog-api-key")).isEqualTo("fake-wire-key");
        assertThat(request.header("content-type")).startsWith("application/json");
        assertThat(request.header("x-server-timeout")).isEqualTo("1");
        JsonNode body = request.json();
        assertThat(body.path("contents").size()).isEqualTo(1);
        assertThat(body.path("contents").path(0).path("role").asString()).isEqualTo("user");
        assertThat(body.path("contents").path(0).path("parts").path(0).path("text").asString())
            .isEqualTo("A lighthouse\n\nwatercolour, soft edges");
        JsonNode config = body.path("generationConfig");
        assertThat(config.path("responseModalities").valueStream().map(JsonNode::asString)).containsExactly("TEXT",
                "IMAGE");
        assertThat(config.path("imageConfig").path("aspectRatio").asString()).isEqualTo("3:4");
        assertThat(config.has("candidateCount")).isFalse();
    }

    @Test
    void sendsThePromptAloneWithoutAStyle() {
        provider.generate(key(FakeGeminiApi.GOOD_KEY), new ImageRequest("A lighthouse", AspectRatio.SQUARE, " ", 1));

        assertThat(fake.lastRequest().json().path("contents").path(0).path("parts").path(0).path("text").asString())
            .isEqualTo("A lighthouse");
    }

    @ParameterizedTest
    @EnumSource(AspectRatio.class)
    void asksForEveryAspectRatioByItsId(AspectRatio ratio) {
        GenerationResult result = provider.generate(key(FakeGeminiApi.GOOD_KEY), new ImageRequest("A fox", ratio, null, 1));

        assertThat(fake.lastRequest().json().path("generationConfig").path("imageConfig").path("aspectRatio").asString())
            .isEqualTo(ratio.id());
        int[] size = fake.sizeOf(ratio.id());
        assertThat(result.images().get(0).width()).isEqualTo(size[0]);
        assertThat(result.images().get(0).height()).isEqualTo(size[1]);
    }

    @Test
    void makesOneCallPerImage() {
        GenerationResult result = provider.generate(key(FakeGeminiApi.GOOD_KEY),
                new ImageRequest("Four owls", AspectRatio.PORTRAIT_9_16, null, 4));

        assertThat(result.images()).hasSize(4)
            .allSatisfy(image -> assertThat(image.height()).isEqualTo(fake.sizeOf("9:16")[1]));
        assertThat(fake.requests()).hasSize(4)
            .allSatisfy(request -> assertThat(request.path()).endsWith(":generateContent"));
        assertThat(result.upstreamIds()).hasSize(4).doesNotHaveDuplicates();
        assertThat(result.text()).isEqualTo("Here is your image.");
    }

    @Test
    void skipsThoughtPartsAndTakesTheFinalImage() {
        GenerationResult result = provider.generate(key(FakeGeminiApi.GOOD_KEY),
                new ImageRequest("A bridge [thought]", AspectRatio.LANDSCAPE_4_3, null, 1));

        assertThat(result.images()).singleElement().satisfies(image -> {
            assertThat(image.width()).isEqualTo(fake.sizeOf("4:3")[0]);
            assertThat(image.height()).isEqualTo(fake.sizeOf("4:3")[1]);
        });
        assertThat(result.text()).isEqualTo("Here is your image.").doesNotContain("draft");
    }

    @Test
    void takesTheMimeTypeFromTheAnswer() throws IOException {
        GenerationResult result = provider.generate(key(FakeGeminiApi.GOOD_KEY),
                new ImageRequest("A harbour [jpeg]", AspectRatio.LANDSCAPE_3_2, null, 1));

        GeneratedImage image = result.images().get(0);
        assertThat(image.mimeType()).isEqualTo("image/jpeg");
        assertThat(formatOf(image.bytes())).isEqualTo("jpeg");
        assertThat(image.width()).isEqualTo(fake.sizeOf("3:2")[0]);
    }

    @Test
    void refusesABlockedPromptWithItsReasonAndStopsAsking() {
        assertThatExceptionOfType(ProviderFailure.class)
            .isThrownBy(() -> provider.generate(key(FakeGeminiApi.GOOD_KEY),
                    new ImageRequest("Something [block]", AspectRatio.SQUARE, null, 4)))
            .satisfies(failure -> {
                assertThat(failure.code()).isEqualTo(FailureCode.UPSTREAM_REFUSED);
                assertThat(failure.upstreamReason()).contains("The prompt was blocked").contains("PROHIBITED_CONTENT");
            });
        assertThat(fake.requests()).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = { "SAFETY", "OTHER", "BLOCKLIST", "PROHIBITED_CONTENT", "IMAGE_SAFETY", "MODEL_ARMOR",
            "JAILBREAK" })
    void refusesEveryKindOfPromptBlock(String reason) {
        assertThat(failureOf("A request [block:" + reason + "]")).satisfies(failure -> {
            assertThat(failure.code()).isEqualTo(FailureCode.UPSTREAM_REFUSED);
            assertThat(failure.upstreamReason()).isEqualTo("The prompt was blocked (" + reason + ")");
        });
    }

    @Test
    void refusesAnImageWithheldForSafetyWithoutTrippingTheSdk() {
        assertThat(failureOf("A scene [unsafe]")).satisfies(failure -> {
            assertThat(failure.code()).isEqualTo(FailureCode.UPSTREAM_REFUSED);
            assertThat(failure.upstreamReason()).startsWith("IMAGE_SAFETY: ").contains("safety filters");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = { "IMAGE_SAFETY", "IMAGE_PROHIBITED_CONTENT", "IMAGE_RECITATION", "IMAGE_OTHER", "NO_IMAGE",
            "SAFETY", "PROHIBITED_CONTENT", "RECITATION", "SPII", "BLOCKLIST", "OTHER", "LANGUAGE", "SOMETHING_NEW" })
    void refusesEveryFinishReasonThatIsNotAnAnswer(String reason) {
        assertThat(failureOf("A scene [finish:" + reason + "]")).satisfies(failure -> {
            assertThat(failure.code()).isEqualTo(FailureCode.UPSTREAM_REFUSED);
            assertThat(failure.upstreamReason()).startsWith(reason + ": ");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = { "MALFORMED_RESPONSE", "MALFORMED_FUNCTION_CALL", "UNEXPECTED_TOOL_CALL" })
    void treatsABrokenAnswerAsAnUpstreamError(String reason) {
        assertThat(failureOf("A scene [finish:" + reason + "]")).satisfies(failure -> {
            assertThat(failure.code()).isEqualTo(FailureCode.UPSTREAM_ERROR);
            assertThat(failure.upstreamReason()).contains(reason);
        });
    }

    @Test
    void refusesWithTheModelsWordsWhenItAnswersWithTextOnly() {
        assertThat(failureOf("A poem [noimage]")).satisfies(failure -> {
            assertThat(failure.code()).isEqualTo(FailureCode.UPSTREAM_REFUSED);
            assertThat(failure.upstreamReason()).startsWith("I can't make that picture");
        });
    }

    @Test
    void refusesAnAnswerThatEndsNormallyWithNothingInIt() {
        fake.enqueue(200, """
                {"candidates":[{"content":{"role":"model"},"finishReason":"STOP","index":0}]}""");

        assertThat(failureOf("A quiet answer")).satisfies(failure -> {
            assertThat(failure.code()).isEqualTo(FailureCode.UPSTREAM_REFUSED);
            assertThat(failure.upstreamReason()).isEqualTo("The model answered without an image (STOP)");
        });
    }

    @Test
    void treatsAnAnswerWithoutCandidatesAsAnUpstreamError() {
        fake.enqueue(200, "{}");

        assertThat(failureOf("An empty answer").code()).isEqualTo(FailureCode.UPSTREAM_ERROR);
    }

    @Test
    void treatsAnImageThatCannotBeReadAsAnUpstreamError() {
        String notAnImage = Base64.getEncoder().encodeToString("definitely not a picture".getBytes());
        fake.enqueue(200, """
                {"candidates":[{"content":{"role":"model","parts":[{"inlineData":{"mimeType":"image/png","data":"%s"}}]},
                "finishReason":"STOP","index":0}]}""".formatted(notAnImage));

        assertThat(failureOf("A broken picture")).satisfies(failure -> {
            assertThat(failure.code()).isEqualTo(FailureCode.UPSTREAM_ERROR);
            assertThat(failure.upstreamReason()).contains("cannot be read");
        });
    }

    @Test
    void keepsAskingAfterARefusedImage() {
        fake.enqueue(200, """
                {"candidates":[{"content":{"role":"model"},"finishReason":"IMAGE_SAFETY","index":0}]}""");

        GenerationResult result = provider.generate(key(FakeGeminiApi.GOOD_KEY),
                new ImageRequest("Two boats", AspectRatio.SQUARE, null, 2));

        assertThat(result.images()).hasSize(1);
        assertThat(fake.requests()).hasSize(2);
    }

    @Test
    void keepsTheImagesMadeBeforeAFailure() {
        fake.enqueueNormal().enqueue(503, """
                {"error":{"code":503,"message":"The model is overloaded. Please try again later.","status":"UNAVAILABLE"}}""");

        GenerationResult result = provider.generate(key(FakeGeminiApi.GOOD_KEY),
                new ImageRequest("Three kites", AspectRatio.SQUARE, null, 3));

        assertThat(result.images()).hasSize(1);
        assertThat(fake.requests()).hasSize(2);
    }

    @Test
    void reportsARejectedKeyAsExpiredCredentials() {
        assertThat(failureOf("bad-key", "A cat")).satisfies(failure -> {
            assertThat(failure.code()).isEqualTo(FailureCode.CREDENTIALS_EXPIRED);
            assertThat(failure.upstreamReason())
                .isEqualTo("400 INVALID_ARGUMENT: API key not valid. Please pass a valid API key.");
            assertThat(failure.retryAfter()).isNull();
        });
    }

    @Test
    void reportsAForbiddenKeyAsBlocked() {
        assertThat(failureOf("forbidden-key", "A cat")).satisfies(failure -> {
            assertThat(failure.code()).isEqualTo(FailureCode.UPSTREAM_BLOCKED);
            assertThat(failure.upstreamReason()).isEqualTo(
                    "403 PERMISSION_DENIED: Your API key was reported as leaked. Please use another API key.");
        });
    }

    @Test
    void reportsAnUnsupportedRegionAsBlocked() {
        assertThat(failureOf("region-key", "A cat")).satisfies(failure -> {
            assertThat(failure.code()).isEqualTo(FailureCode.UPSTREAM_BLOCKED);
            assertThat(failure.upstreamReason())
                .isEqualTo("400 FAILED_PRECONDITION: User location is not supported for the API use.");
        });
    }

    @Test
    void reportsAnExhaustedQuotaWithGooglesRetryDelay() {
        assertThat(failureOf("quota-key", "A cat")).satisfies(failure -> {
            assertThat(failure.code()).isEqualTo(FailureCode.UPSTREAM_USAGE_LIMIT);
            assertThat(failure.upstreamReason()).startsWith("429 RESOURCE_EXHAUSTED: You exceeded your current quota")
                .doesNotContain("Details");
            assertThat(failure.retryAfter()).isEqualTo(Duration.ofSeconds(26));
        });
        assertThat(fake.requests()).hasSize(1);
    }

    @Test
    void reportsARateLimitWithoutARetryHint() {
        fake.enqueue(429, """
                {"error":{"code":429,"message":"Resource has been exhausted (e.g. check quota).","status":"RESOURCE_EXHAUSTED"}}""");

        assertThat(failureOf("A cat")).satisfies(failure -> {
            assertThat(failure.code()).isEqualTo(FailureCode.UPSTREAM_USAGE_LIMIT);
            assertThat(failure.retryAfter()).isNull();
        });
    }

    @ParameterizedTest
    @ValueSource(strings = { "boom-key", "busy-key" })
    void reportsServerErrorsOnceWithoutRetrying(String apiKey) {
        assertThat(failureOf(apiKey, "A cat")).satisfies(failure -> {
            assertThat(failure.code()).isEqualTo(FailureCode.UPSTREAM_ERROR);
            assertThat(failure.upstreamReason()).matches("50[03] (INTERNAL|UNAVAILABLE): .+");
        });
        assertThat(fake.requests()).hasSize(1);
    }

    @Test
    void reportsAnUnknownModelAsAnUpstreamError() {
        clients.close();
        provider = provider(fake.baseUrl(), "imagen-9-retired");

        assertThat(failureOf("A cat")).satisfies(failure -> {
            assertThat(failure.code()).isEqualTo(FailureCode.UPSTREAM_ERROR);
            assertThat(failure.upstreamReason()).startsWith("404 NOT_FOUND: models/imagen-9-retired is not found");
        });
    }

    @Test
    void reportsAMissingAnswerAsATimeout() {
        fake.slowDelay(Duration.ofSeconds(3));

        assertThat(failureOf("slow-key", "A cat")).satisfies(failure -> {
            assertThat(failure.code()).isEqualTo(FailureCode.TIMEOUT);
            assertThat(failure.upstreamReason()).isEqualTo("No answer from the Gemini API within 0.6 s");
        });
    }

    @Test
    void reportsTheServersOwnDeadlineAsATimeout() {
        fake.enqueue(504, """
                {"error":{"code":504,"message":"The request timed out. Please try again.","status":"DEADLINE_EXCEEDED"}}""");

        assertThat(failureOf("A cat").code()).isEqualTo(FailureCode.TIMEOUT);
        assertThat(fake.requests()).hasSize(1);
    }

    @Test
    void reportsAnUnreachableApiAsAnUpstreamError() throws IOException {
        clients.close();
        provider = provider("http://127.0.0.1:" + closedPort(), MODEL);

        assertThat(failureOf("A cat")).satisfies(failure -> {
            assertThat(failure.code()).isEqualTo(FailureCode.UPSTREAM_ERROR);
            assertThat(failure.upstreamReason()).startsWith("Could not reach the Gemini API");
        });
    }

    @Test
    void refusesAnEmptyKeyWithoutAsking() {
        assertThat(failureOf("", "A cat").code()).isEqualTo(FailureCode.CREDENTIALS_EXPIRED);
        assertThat(provider.validate(key(" ")).status()).isEqualTo(CredentialStatus.INVALID);
        assertThat(fake.requests()).isEmpty();
    }

    @Test
    void takesOnlyApiKeys() {
        assertThatIllegalArgumentException().isThrownBy(() -> provider.generate(
                new ProviderCredential.WebCookies("1:gemini-web", "psid", "psidts"),
                new ImageRequest("A cat", AspectRatio.SQUARE, null, 1)));
        assertThat(provider.id()).isEqualTo(ProviderId.GEMINI_API);
    }

    @Test
    void validatesAKeyByListingOneModel() {
        CredentialCheck check = provider.validate(key("fake-valid-key"));

        assertThat(check.status()).isEqualTo(CredentialStatus.VALID);
        assertThat(check.detail()).isNotBlank();
        FakeGeminiApi.Recorded request = fake.lastRequest();
        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.path()).isEqualTo("/v1beta/models");
        assertThat(request.query()).isEqualTo("pageSize=1");
        assertThat(request.header("x-goog-api-key")).isEqualTo("fake-valid-key");
        assertThat(fake.requests()).hasSize(1);
    }

    @Test
    void findsAKeyWithAnotherBadRequestInvalid() {
        fake.enqueue(400, """
                {"error":{"code":400,"message":"API key expired. Please renew the API key.","status":"INVALID_ARGUMENT"}}""");

        assertThat(provider.validate(key("fake-old-key")).status()).isEqualTo(CredentialStatus.INVALID);
    }

    @Test
    void findsAnInvalidKeyInvalid() {
        CredentialCheck check = provider.validate(key("bad-key"));

        assertThat(check.status()).isEqualTo(CredentialStatus.INVALID);
        assertThat(check.detail()).contains("API key not valid");
    }

    @Test
    void findsALeakedKeyBlocked() {
        CredentialCheck check = provider.validate(key("forbidden-key"));

        assertThat(check.status()).isEqualTo(CredentialStatus.BLOCKED);
        assertThat(check.detail()).contains("reported as leaked");
    }

    @Test
    void findsAKeyFromAnUnsupportedRegionBlocked() {
        CredentialCheck check = provider.validate(key("region-key"));

        assertThat(check.status()).isEqualTo(CredentialStatus.BLOCKED);
        assertThat(check.detail()).contains("User location is not supported");
    }

    @Test
    void findsAKeyWithoutQuotaStillValid() {
        CredentialCheck check = provider.validate(key("quota-key"));

        assertThat(check.status()).isEqualTo(CredentialStatus.VALID);
        assertThat(check.detail()).contains("quota");
    }

    @ParameterizedTest
    @ValueSource(strings = { "boom-key", "busy-key" })
    void cannotValidateWhileTheApiFails(String apiKey) {
        assertThatExceptionOfType(ProviderFailure.class).isThrownBy(() -> provider.validate(key(apiKey)))
            .satisfies(failure -> assertThat(failure.code()).isEqualTo(FailureCode.UPSTREAM_ERROR));
    }

    @Test
    void cannotValidateWithoutAnAnswer() {
        fake.slowDelay(Duration.ofSeconds(3));

        assertThatExceptionOfType(ProviderFailure.class).isThrownBy(() -> provider.validate(key("slow-key")))
            .satisfies(failure -> assertThat(failure.code()).isEqualTo(FailureCode.TIMEOUT));
    }

    GeminiApiProvider provider(String baseUrl, String model) {
        GeminiApiProperties properties = new GeminiApiProperties(baseUrl, model, "v1beta", Duration.ofMillis(600), 4);
        clients = new ApiClients(properties);
        return new GeminiApiProvider(clients, properties);
    }

    ProviderFailure failureOf(String prompt) {
        return failureOf(FakeGeminiApi.GOOD_KEY, prompt);
    }

    ProviderFailure failureOf(String apiKey, String prompt) {
        try {
            GenerationResult result = provider.generate(key(apiKey), new ImageRequest(prompt, AspectRatio.SQUARE, null, 1));
            throw new AssertionError("Expected a failure, got " + result);
        }
        catch (ProviderFailure failure) {
            return failure;
        }
    }

    static ProviderCredential.ApiKey key(String apiKey) {
        return new ProviderCredential.ApiKey("7:gemini-api", apiKey);
    }

    static String formatOf(byte[] bytes) throws IOException {
        try (MemoryCacheImageInputStream input = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            ImageReader reader = ImageIO.getImageReaders(input).next();
            return reader.getFormatName().toLowerCase();
        }
    }

    static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

}
