package app.atelier.provider.gemini.web;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import app.atelier.provider.AspectRatio;
import app.atelier.provider.FailureCode;
import app.atelier.provider.GeneratedImage;
import app.atelier.provider.GenerationResult;
import app.atelier.provider.ImageRequest;
import app.atelier.provider.ProviderFailure;
import app.atelier.provider.ProviderId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class GeminiWebGenerationTests extends GeminiWebTestSupport {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void generatesARealImageThroughTheWholeProtocol() {
        GenerationResult result = provider().generate(alice(), request("a red fox in the snow"));

        assertThat(result.images()).singleElement().satisfies(image -> {
            assertThat(image.mimeType()).isEqualTo("image/png");
            assertThat(image.width()).isEqualTo(1024);
            assertThat(image.height()).isEqualTo(1024);
            assertThat(decode(image).getWidth()).isEqualTo(1024);
        });
        assertThat(result.text()).isEqualTo(FakeGeminiWeb.DEFAULT_TEXT);
        assertThat(result.upstreamIds()).hasSize(3).satisfies(ids -> {
            assertThat(ids.get(0)).startsWith("c_");
            assertThat(ids.get(1)).startsWith("r_");
            assertThat(ids.get(2)).startsWith("rc_");
        });
        assertThat(result.aspectRatioEmulated()).isTrue();
        assertThat(fake.requests()).extracting(request -> request.host() + request.path().replaceAll("/[A-Za-z0-9_]+=.*", "/…"))
            .containsExactly("localhost/app", "localhost" + WebProtocol.BATCH_EXECUTE_PATH,
                    "localhost" + WebProtocol.BATCH_EXECUTE_PATH, "localhost" + WebProtocol.STREAM_GENERATE_PATH,
                    "localhost" + WebProtocol.BATCH_EXECUTE_PATH, "127.0.0.1/lh3/gg-dl/…", "localhost/fife/rd-gg-dl/…",
                    "127.0.0.1/lh3/rd-gg-dl/…");
        assertThat(fake.requests(WebProtocol.BATCH_EXECUTE_PATH)).extracting(request -> request.query("rpcids"))
            .containsExactly("otAQ7b", "ESY5D", "c8o8Fe");
    }

    @Test
    void sendsTheStreamGenerateRequestInThe20Layout() {
        provider().generate(alice(), request("a red fox in the snow"));

        FakeGeminiWeb.Recorded stream = fake.requests(WebProtocol.STREAM_GENERATE_PATH).get(0);
        assertThat(stream.method()).isEqualTo("POST");
        assertThat(stream.query()).containsOnlyKeys("hl", "_reqid", "rt", "bl", "f.sid")
            .containsEntry("hl", "en")
            .containsEntry("rt", "c")
            .containsEntry("bl", FakeGeminiWeb.BUILD_LABEL)
            .containsEntry("f.sid", FakeGeminiWeb.SESSION_ID);
        assertThat(stream.header("Content-Type")).isEqualTo("application/x-www-form-urlencoded;charset=utf-8");
        assertThat(stream.header("Origin")).isEqualTo(fake.baseUrl());
        assertThat(stream.header("Referer")).isEqualTo(fake.baseUrl() + "/");
        assertThat(stream.header("X-Same-Domain")).isEqualTo("1");
        assertThat(stream.header("x-goog-ext-525001261-jspb"))
            .isEqualTo("[1,null,null,null,\"" + FakeGeminiWeb.FLASH_ID + "\",null,null,0,[4],null,null,2]");
        assertThat(stream.header("x-goog-ext-73010989-jspb")).isEqualTo("[0]");
        assertThat(stream.header("x-goog-ext-73010990-jspb")).isEqualTo("[0]");
        assertThat(stream.form()).containsOnlyKeys("at", "f.req").containsEntry("at", alice.accessToken);

        JsonNode outer = JSON.readTree(stream.form("f.req"));
        assertThat(outer.size()).isEqualTo(2);
        assertThat(outer.get(0).isNull()).isTrue();
        JsonNode inner = JSON.readTree(outer.get(1).asString());
        assertThat(inner.size()).isEqualTo(69);
        String uuid = inner.get(59).asString();
        assertThat(uuid).matches("[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}");
        assertThat(stream.header("x-goog-ext-525005358-jspb")).isEqualTo("[\"" + uuid + "\",1]");
        List<String> slots = new ArrayList<>();
        for (int slot = 0; slot < inner.size(); slot++) {
            if (!inner.get(slot).isNull() && slot != 0 && slot != 59) {
                slots.add(slot + ":" + inner.get(slot));
            }
        }
        assertThat(slots).containsExactly("1:[\"en\"]", "2:[\"\",\"\",\"\",null,null,null,null,null,null,\"\"]", "6:[1]",
                "7:1", "10:1", "11:0", "17:[[0]]", "18:0", "27:1", "30:[4]", "41:[1]", "53:0", "61:[]", "68:2");
        JsonNode message = inner.get(0);
        assertThat(message.toString()).isEqualTo(JSON.writeValueAsString(
                java.util.Arrays.asList(message.get(0).asString(), 0, null, null, null, null, 0)));
        assertThat(message.get(0).asString()).startsWith("Generate an image: a red fox in the snow");
    }

    @Test
    void sendsTheBatchExecuteRequestsAsTheProtocolSays() {
        provider().generate(alice(), request("a fox"));

        FakeGeminiWeb.Recorded status = fake.rpcs("otAQ7b").get(0);
        assertThat(status.query()).containsOnlyKeys("rpcids", "hl", "_reqid", "rt", "source-path", "bl", "f.sid")
            .containsEntry("source-path", "/app");
        assertThat(status.header("x-goog-ext-525001261-jspb")).isEqualTo("[1,null,null,null,null,null,null,null,[4]]");
        assertThat(status.header("x-goog-ext-73010989-jspb")).isEqualTo("[0]");
        assertThat(status.form("f.req")).isEqualTo("[[[\"otAQ7b\",\"[]\",null,\"generic\"]]]");
        assertThat(fake.rpcs("ESY5D").get(0).form("f.req"))
            .isEqualTo("[[[\"ESY5D\",\"[[[\\\"bard_activity_enabled\\\"]]]\",null,\"generic\"]]]");
    }

    @Test
    void growsTheRequestIdBy100000OnEveryPost() {
        provider().generate(alice(), request("a fox"));

        List<Long> ids = fake.requests()
            .stream()
            .filter(request -> request.method().equals("POST"))
            .map(request -> Long.parseLong(request.query("_reqid")))
            .toList();
        assertThat(ids).hasSize(4);
        assertThat(ids.get(0)).isBetween(10_000L, 99_999L);
        for (int i = 1; i < ids.size(); i++) {
            assertThat(ids.get(i) - ids.get(i - 1)).isEqualTo(100_000L);
        }
    }

    @Test
    void sendsTheCookiesOnlyToHostsUnderTheCookieDomain() {
        provider().generate(alice(), request("a fox"));

        String cookies = "__Secure-1PSID=" + ALICE_PSID + "; __Secure-1PSIDTS=" + ALICE_PSIDTS;
        assertThat(fake.requests()).allSatisfy(request -> {
            if (request.host().equals(FakeGeminiWeb.APP_HOST)) {
                assertThat(request.header("Cookie")).as(request.toString()).isEqualTo(cookies);
            }
            else {
                assertThat(request.header("Cookie")).as(request.toString()).isNull();
            }
        });
        assertThat(fake.requests("/lh3/")).hasSize(2);
        assertThat(fake.requests("/fife/")).hasSize(1);
    }

    @Test
    void usesTheModelIdTheAccountLists() {
        alice.models(List.of(List.of("0a1b2c3d4e5f6071", "Fast", "Answers quickly"), List.of("8192a3b4c5d6e7f8", "Pro", "")));

        provider(fake.settings().model("pro")).generate(alice(), request("a fox"));

        assertThat(fake.requests(WebProtocol.STREAM_GENERATE_PATH).get(0).header("x-goog-ext-525001261-jspb"))
            .contains("\"8192a3b4c5d6e7f8\"");
    }

    @Test
    void fallsBackToTheBuiltInModelTableWhenTheAccountListsNone() {
        alice.unlistedModels().flags(List.of(), List.of());

        provider().generate(alice(), request("a fox"));

        assertThat(fake.requests(WebProtocol.STREAM_GENERATE_PATH).get(0).header("x-goog-ext-525001261-jspb"))
            .isEqualTo("[1,null,null,null,\"fbb127bbb056c959\",null,null,0,[4],null,null,1]");
    }

    @Test
    void reportsAModelGoogleNoLongerKnowsAsAnUpstreamError() {
        alice.models(List.of(List.of("0a1b2c3d4e5f6071", "Fast", ""))).unlistedModels().flags(List.of(), List.of());

        ProviderFailure failure = failure(() -> provider().generate(alice(), request("a fox")));

        assertThat(failure.code()).isEqualTo(FailureCode.UPSTREAM_ERROR);
        assertThat(failure.upstreamReason()).contains("1052").contains("fbb127bbb056c959");
    }

    @Test
    void readsGeneratedImagesInTheSparseForm() {
        fake.answer(FakeGeminiWeb.Answer.SPARSE_IMAGES);

        GenerationResult result = provider().generate(alice(), request("a fox"));

        assertThat(result.images()).hasSize(1);
    }

    @Test
    void returnsSeveralImagesButNoMoreThanAskedFor() {
        fake.imageCount(3);

        assertThat(provider().generate(alice(), new ImageRequest("foxes", AspectRatio.SQUARE, null, 2)).images()).hasSize(2);
        assertThat(provider().generate(alice(), new ImageRequest("foxes", AspectRatio.SQUARE, null, 4)).images()).hasSize(3);
        assertThat(fake.requests(WebProtocol.STREAM_GENERATE_PATH).get(0).form("f.req")).contains("Generate 2 different images");
    }

    @Test
    void keepsCharactersOutsideTheBmpIntactAcrossSplitFrames() {
        fake.answerText("Fuchs \uD83E\uDD8A, Schnee \u2744\uFE0F und \uD83C\uDDE9\uD83C\uDDEA \u2014 \uD835\uDD4F");

        GenerationResult result = provider().generate(alice(), request("a fox"));

        assertThat(result.text()).isEqualTo("Fuchs \uD83E\uDD8A, Schnee \u2744\uFE0F und \uD83C\uDDE9\uD83C\uDDEA \u2014 \uD835\uDD4F");
    }

    @Test
    void turnsAnAnswerWithoutAnImageIntoARefusalCarryingItsText() {
        fake.answer(FakeGeminiWeb.Answer.REFUSAL);

        ProviderFailure failure = failure(() -> provider().generate(alice(), request("a fox")));

        assertThat(failure.code()).isEqualTo(FailureCode.UPSTREAM_REFUSED);
        assertThat(failure.upstreamReason()).isEqualTo(FakeGeminiWeb.REFUSAL_TEXT);
    }

    @Test
    void turnsPicturesFromTheWebIntoARefusal() {
        fake.answer(FakeGeminiWeb.Answer.WEB_IMAGES).answerText("");

        ProviderFailure failure = failure(() -> provider().generate(alice(), request("a fox")));

        assertThat(failure.code()).isEqualTo(FailureCode.UPSTREAM_REFUSED);
        assertThat(failure.upstreamReason()).isEqualTo("Here are some pictures of foxes.");
    }

    @ParameterizedTest
    @CsvSource({ "1013, UPSTREAM_ERROR", "1037, UPSTREAM_USAGE_LIMIT", "1050, UPSTREAM_ERROR", "1052, UPSTREAM_ERROR",
            "1060, UPSTREAM_BLOCKED", "1003, UPSTREAM_REFUSED", "1016, CREDENTIALS_EXPIRED", "4242, UPSTREAM_ERROR" })
    void mapsAnErrorCodeInTheStreamToItsStableCode(int code, FailureCode expected) {
        fake.error(code);

        ProviderFailure failure = failure(() -> provider().generate(alice(), request("a fox")));

        assertThat(failure.code()).isEqualTo(expected);
        assertThat(failure.upstreamReason()).contains("Gemini error " + code);
    }

    @Test
    void picksTheAnswerByAKeywordInThePrompt() {
        ProviderFailure failure = failure(() -> provider().generate(alice(), request("a fox [fake:1037]")));

        assertThat(failure.code()).isEqualTo(FailureCode.UPSTREAM_USAGE_LIMIT);
    }

    @Test
    void keepsTheImagesWhenAnErrorArrivesAfterACompleteAnswer() {
        fake.answer(FakeGeminiWeb.Answer.ERROR_AFTER_ANSWER);

        assertThat(provider().generate(alice(), request("a fox")).images()).hasSize(1);
    }

    @Test
    void failsClearlyWhenTheStreamEndsBeforeTheAnswerIsComplete() {
        fake.answer(FakeGeminiWeb.Answer.CUT_SHORT);

        ProviderFailure failure = failure(() -> provider().generate(alice(), request("a fox")));

        assertThat(failure.code()).isEqualTo(FailureCode.UPSTREAM_ERROR);
        assertThat(failure.upstreamReason()).contains("stopped before it was complete");
    }

    @Test
    void failsClearlyWhenTheStreamEndsInsideAFrame() {
        fake.answer(FakeGeminiWeb.Answer.CUT_MID_FRAME);

        ProviderFailure failure = failure(() -> provider().generate(alice(), request("a fox")));

        assertThat(failure.code()).isEqualTo(FailureCode.UPSTREAM_ERROR);
        assertThat(failure.upstreamReason()).contains("stopped before it was complete");
    }

    @Test
    void givesUpWhenTheStreamStaysSilentLongerThanTheIdleTimeout() {
        fake.stall(Duration.ofSeconds(30));

        ProviderFailure failure = failure(() -> provider(fake.settings().idle(Duration.ofMillis(400))).generate(alice(), request("a fox")));

        assertThat(failure.code()).isEqualTo(FailureCode.TIMEOUT);
        assertThat(failure.upstreamReason()).contains("idle-stream-timeout");
    }

    @Test
    void givesUpWhenTheWholeCallTakesLongerThanTheCallTimeout() {
        fake.stall(Duration.ofSeconds(30));

        ProviderFailure failure = failure(() -> provider(fake.settings().idle(Duration.ofSeconds(20)).call(Duration.ofSeconds(1)))
            .generate(alice(), request("a fox")));

        assertThat(failure.code()).isEqualTo(FailureCode.TIMEOUT);
        assertThat(failure.upstreamReason()).contains("call timeout");
    }

    @ParameterizedTest
    @CsvSource({ "400, UPSTREAM_ERROR", "401, CREDENTIALS_EXPIRED", "403, CREDENTIALS_EXPIRED", "429, UPSTREAM_USAGE_LIMIT",
            "500, UPSTREAM_ERROR", "503, UPSTREAM_ERROR" })
    void mapsAnHttpStatusOfStreamGenerateToItsStableCode(int status, FailureCode expected) {
        fake.httpStatus(status);

        ProviderFailure failure = failure(() -> provider().generate(alice(), request("a fox")));

        assertThat(failure.code()).isEqualTo(expected);
        assertThat(failure.upstreamReason()).contains("HTTP " + status);
    }

    @Test
    void treatsCookiesGoogleDoesNotKnowAsSignedOut() {
        ProviderFailure failure = failure(() -> provider().generate(
                new app.atelier.provider.ProviderCredential.WebCookies("2:gemini-web", "test-psid-unknown", "x"),
                request("a fox")));

        assertThat(failure.code()).isEqualTo(FailureCode.CREDENTIALS_EXPIRED);
        assertThat(failure.upstreamReason()).contains("signed out — export the cookies again");
        assertThat(fake.rpcs("otAQ7b").get(0).form("at")).isEmpty();
        assertThat(fake.requests(WebProtocol.STREAM_GENERATE_PATH)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({ "1060, UPSTREAM_BLOCKED, region not supported", "1021, UPSTREAM_BLOCKED, rejected",
            "1014, UPSTREAM_BLOCKED, temporarily unavailable", "1040, UPSTREAM_BLOCKED, terms of service" })
    void refusesToGenerateForAnAccountGeminiDoesNotServe(int status, FailureCode expected, String words) {
        alice.status(status);

        ProviderFailure failure = failure(() -> provider().generate(alice(), request("a fox")));

        assertThat(failure.code()).isEqualTo(expected);
        assertThat(failure.upstreamReason()).contains(words).contains(Integer.toString(status));
        assertThat(fake.requests(WebProtocol.STREAM_GENERATE_PATH)).isEmpty();
    }

    @Test
    void reportsAFlaggedAddressAsBlocked() {
        fake.pageMode(FakeGeminiWeb.PageMode.TOO_MANY_REQUESTS);

        ProviderFailure failure = failure(() -> provider().generate(alice(), request("a fox")));

        assertThat(failure.code()).isEqualTo(FailureCode.UPSTREAM_BLOCKED);
        assertThat(failure.upstreamReason()).contains("429");
    }

    @Test
    void reportsARedirectToTheSorryPageAsBlockedWithoutFollowingIt() {
        fake.pageMode(FakeGeminiWeb.PageMode.SORRY_REDIRECT);

        ProviderFailure failure = failure(() -> provider().generate(alice(), request("a fox")));

        assertThat(failure.code()).isEqualTo(FailureCode.UPSTREAM_BLOCKED);
        assertThat(failure.upstreamReason()).contains("/sorry/");
        assertThat(fake.requests("/sorry/")).isEmpty();
    }

    @Test
    void reportsARejectedRpcAsExpiredCredentials() {
        fake.batchRejected(true);

        ProviderFailure failure = failure(() -> provider().generate(alice(), request("a fox")));

        assertThat(failure.code()).isEqualTo(FailureCode.CREDENTIALS_EXPIRED);
        assertThat(failure.upstreamReason()).contains("status 7");
    }

    @Test
    void reusesTheLastAccessTokenWhenThePageLeavesItOut() {
        GeminiWebProvider provider = provider();
        provider.generate(alice(), request("a fox"));
        fake.tokenOmission(1.0);

        provider.generate(alice(), request("another fox"));

        assertThat(fake.requests(WebProtocol.STREAM_GENERATE_PATH)).extracting(request -> request.form("at"))
            .containsExactly(alice.accessToken, alice.accessToken);
    }

    @Test
    void loadsThePageAgainWhenItLooksSignedInButLeftTheTokenOut() {
        fake.omitTokenOnNextPages(2);

        provider().generate(alice(), request("a fox"));

        assertThat(fake.requests("/app")).hasSize(3);
        assertThat(fake.requests(WebProtocol.STREAM_GENERATE_PATH).get(0).form("at")).isEqualTo(alice.accessToken);
    }

    @Test
    void failsClearlyWhenThePageGivesNoAccessTokenAndNoneIsRemembered() {
        fake.tokenOmission(1.0);

        ProviderFailure failure = failure(() -> provider().generate(alice(), request("a fox")));

        assertThat(failure.code()).isEqualTo(FailureCode.UPSTREAM_ERROR);
        assertThat(failure.upstreamReason()).contains("HTTP 400").contains("access token");
        assertThat(fake.requests("/app")).hasSize(3);
    }

    @Test
    void asksForTheStyleAndTheRatioAndCropsTheImageToTheExactRatio() {
        GenerationResult result = provider().generate(alice(),
                new ImageRequest("a lighthouse", AspectRatio.LANDSCAPE_16_9, "watercolour, soft light", 1));

        String prompt = JSON.readTree(JSON.readTree(fake.requests(WebProtocol.STREAM_GENERATE_PATH).get(0).form("f.req"))
            .get(1)
            .asString()).get(0).get(0).asString();
        assertThat(prompt).isEqualTo("Generate an image: a lighthouse\n\nStyle: watercolour, soft light\n\n"
                + "Aspect ratio: 16:9 (landscape).");
        GeneratedImage image = result.images().get(0);
        assertThat(image.width()).isEqualTo(1024);
        assertThat(image.height()).isEqualTo(576);
        assertThat(image.mimeType()).isEqualTo("image/png");
        BufferedImage decoded = decode(image);
        assertThat(decoded.getHeight()).isEqualTo(576);
        assertThat(new Color(decoded.getRGB(0, 0))).isNotEqualTo(Color.RED);
        assertThat(result.aspectRatioEmulated()).isTrue();
    }

    @Test
    void isTheProviderForGeminiWeb() {
        assertThat(provider().id()).isEqualTo(ProviderId.GEMINI_WEB);
    }

    static ProviderFailure failure(Runnable call) {
        ProviderFailure failure = catchThrowableOfType(ProviderFailure.class, call::run);
        assertThat(failure).as("a ProviderFailure").isNotNull();
        return failure;
    }

}
