package app.atelier.provider.gemini.web;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import app.atelier.provider.FailureCode;
import app.atelier.provider.GenerationResult;
import app.atelier.provider.ProviderFailure;

import static app.atelier.provider.gemini.web.GeminiWebGenerationTests.failure;
import static org.assertj.core.api.Assertions.assertThat;

class GeminiWebDownloadTests extends GeminiWebTestSupport {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void followsTheFullSizeChainWithTheTurnsIds() {
        GenerationResult result = provider().generate(alice(), request("a fox"));

        JsonNode call = JSON.readTree(fake.rpcs("c8o8Fe").get(0).form("f.req")).get(0).get(0);
        assertThat(call.get(0).asString()).isEqualTo("c8o8Fe");
        JsonNode payload = JSON.readTree(call.get(1).asString());
        assertThat(payload.toString()).isEqualTo("[[[null,null,null,[null,null,null,null,null,\"\"]],"
                + "[\"http://googleusercontent.com/image_generation_content/0\",0],null,[19,\"\"],null,null,null,null,null,\"\"],"
                + "[\"" + result.upstreamIds().get(1) + "\",\"" + result.upstreamIds().get(2) + "\",\""
                + result.upstreamIds().get(0) + "\",null,\"\"],1,0,1]");
        FakeGeminiWeb.Recorded first = fake.requests("/lh3/gg-dl/").get(0);
        assertThat(first.path()).endsWith("=d-I");
        assertThat(first.query()).containsEntry("alr", "yes");
        assertThat(first.header("Cookie")).isNull();
        assertThat(fake.requests("/fife/").get(0).header("Cookie")).contains("__Secure-1PSID=" + ALICE_PSID);
        assertThat(fake.requests("/lh3/rd-gg-dl/")).singleElement().satisfies(last -> assertThat(last.header("Cookie")).isNull());
        assertThat(result.images().get(0).mimeType()).isEqualTo("image/png");
    }

    @Test
    void fallsBackTo2048PixelsWhenTheFullSizeHopIsForbidden() {
        fake.fullSizeMode(FakeGeminiWeb.FullSizeMode.FIFE_FORBIDDEN);

        GenerationResult result = provider().generate(alice(), request("a fox"));

        assertThat(result.images().get(0).mimeType()).isEqualTo("image/jpeg");
        assertThat(fake.requests("/lh3/gg-dl/")).last().satisfies(last -> assertThat(last.path()).endsWith("=s2048-rj"));
    }

    @Test
    void fallsBackTo2048PixelsWhenTheFullSizeRpcFails() {
        fake.fullSizeMode(FakeGeminiWeb.FullSizeMode.RPC_FAILS);

        GenerationResult result = provider().generate(alice(), request("a fox"));

        assertThat(result.images().get(0).mimeType()).isEqualTo("image/jpeg");
        assertThat(fake.requests("/fife/")).isEmpty();
    }

    @Test
    void replacesASizeOptionTheUrlAlreadyHasInsteadOfAddingASecond() {
        fake.fullSizeMode(FakeGeminiWeb.FullSizeMode.RPC_FAILS).previewSuffixInUrl(true);

        provider().generate(alice(), request("a fox"));

        assertThat(fake.requests("/lh3/gg-dl/")).singleElement()
            .satisfies(download -> assertThat(download.path()).matches("/lh3/gg-dl/IMG_[0-9a-f]+=s2048-rj"));
    }

    @Test
    void givesUpTheFullSizeChainAfterSixHops() {
        fake.fullSizeMode(FakeGeminiWeb.FullSizeMode.ENDLESS_HOPS);

        GenerationResult result = provider().generate(alice(), request("a fox"));

        assertThat(result.images().get(0).mimeType()).isEqualTo("image/jpeg");
        assertThat(fake.requests("/fife/")).hasSize(6);
    }

    @Test
    void neverFetchesAnImageFromAHostThatIsNotAllowed() {
        fake.imageUrl(fake.baseUrl() + "/internal/metadata");

        ProviderFailure failure = failure(
                () -> provider(fake.settings().allowedImageHosts(FakeGeminiWeb.IMAGE_HOST)).generate(alice(), request("a fox")));

        assertThat(failure.code()).isEqualTo(FailureCode.UPSTREAM_ERROR);
        assertThat(failure.upstreamReason()).isEqualTo("Refused to fetch an image from localhost: not one of the allowed image hosts");
        assertThat(fake.requests("/internal/")).isEmpty();
    }

    @Test
    void checksEveryRedirectHopAgainstTheAllowedHosts() {
        GenerationResult result = provider(fake.settings().allowedImageHosts(FakeGeminiWeb.IMAGE_HOST))
            .generate(alice(), request("a fox"));

        assertThat(fake.requests("/fife/")).isEmpty();
        assertThat(result.images().get(0).mimeType()).isEqualTo("image/jpeg");
    }

    @Test
    void neverFollowsARedirectToAnInternalAddress() {
        fake.fullSizeRedirect(fake.baseUrl() + "/internal/admin");

        GenerationResult result = provider(fake.settings().allowedImageHosts(FakeGeminiWeb.IMAGE_HOST, "*.googleusercontent.com"))
            .generate(alice(), request("a fox"));

        assertThat(fake.requests("/internal/")).isEmpty();
        assertThat(result.images()).hasSize(1);
    }

    @Test
    void refusesAnImageLargerThanTheLimit() {
        ProviderFailure failure = failure(
                () -> provider(fake.settings().maxImageBytes(2_000)).generate(alice(), request("a fox")));

        assertThat(failure.code()).isEqualTo(FailureCode.UPSTREAM_ERROR);
        assertThat(failure.upstreamReason()).contains("larger than 2000 bytes");
    }

    @Test
    void keepsAnyQueryAfterTheSizeOption() {
        assertThat(ImageDownloads.withSuffix("https://lh3.googleusercontent.com/gg-dl/ABC", "=s2048-rj"))
            .isEqualTo("https://lh3.googleusercontent.com/gg-dl/ABC=s2048-rj");
        assertThat(ImageDownloads.withSuffix("https://lh3.googleusercontent.com/gg-dl/ABC=s1024-rj", "=s2048-rj"))
            .isEqualTo("https://lh3.googleusercontent.com/gg-dl/ABC=s2048-rj");
        assertThat(ImageDownloads.withSuffix("https://lh3.googleusercontent.com/gg-dl/ABC=mp2?authuser=1", "=d-I?alr=yes"))
            .isEqualTo("https://lh3.googleusercontent.com/gg-dl/ABC=d-I?alr=yes&authuser=1");
    }

}
