package app.atelier.provider.gemini.web;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import app.atelier.provider.FailureCode;
import app.atelier.provider.ProviderCredential.WebCookies;
import app.atelier.provider.ProviderFailure;

import static app.atelier.provider.gemini.web.GeminiWebGenerationTests.failure;
import static org.assertj.core.api.Assertions.assertThat;

class GeminiWebRotationTests extends GeminiWebTestSupport {

    @Test
    void rotatesThePsidtsWithTheLiteralBody() {
        WebCookies rotated = rotator().rotate(alice());

        assertThat(rotated.key()).isEqualTo(alice().key());
        assertThat(rotated.psid()).isEqualTo(ALICE_PSID);
        assertThat(rotated.psidts()).isEqualTo(alice.psidts).isNotEqualTo(ALICE_PSIDTS).startsWith("sidts-");
        FakeGeminiWeb.Recorded request = fake.requests("/accounts/RotateCookies").get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.body()).isEqualTo("[000,\"-0000000000000000000\"]");
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(request.header("Origin")).isEqualTo(fake.baseUrl());
        assertThat(request.header("Cookie")).isEqualTo("__Secure-1PSID=" + ALICE_PSID + "; __Secure-1PSIDTS=" + ALICE_PSIDTS);
    }

    @Test
    void neverRotatesTwiceWithinSixtySecondsForOneCredential() {
        GeminiWebCookieRotator rotator = rotator();
        WebCookies first = rotator.rotate(alice());
        clock.advance(Duration.ofSeconds(59));

        WebCookies second = rotator.rotate(first);

        assertThat(second).isEqualTo(first);
        assertThat(fake.requests("/accounts/RotateCookies")).hasSize(1);
        clock.advance(Duration.ofSeconds(2));
        assertThat(rotator.rotate(second).psidts()).isNotEqualTo(first.psidts());
        assertThat(fake.requests("/accounts/RotateCookies")).hasSize(2);
    }

    @Test
    void reportsGooglesTooManyRotationsForTheSameAccountUnderAnotherKey() {
        GeminiWebCookieRotator rotator = rotator();
        WebCookies rotated = rotator.rotate(alice());

        ProviderFailure failure = failure(() -> rotator.rotate(new WebCookies("7:gemini-web", ALICE_PSID, rotated.psidts())));

        assertThat(failure.code()).isEqualTo(FailureCode.UPSTREAM_ERROR);
        assertThat(failure.upstreamReason()).contains("429");
        assertThat(failure.retryAfter()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void reportsDeadCookiesAsExpiredAndDoesNotAskAgainWithinSixtySeconds() {
        fake.rotationMode(FakeGeminiWeb.RotationMode.UNAUTHORIZED);
        GeminiWebCookieRotator rotator = rotator();

        ProviderFailure failure = failure(() -> rotator.rotate(alice()));
        ProviderFailure again = failure(() -> rotator.rotate(alice()));

        assertThat(failure.code()).isEqualTo(FailureCode.CREDENTIALS_EXPIRED);
        assertThat(failure.upstreamReason()).contains("401");
        assertThat(again.code()).isEqualTo(FailureCode.CREDENTIALS_EXPIRED);
        assertThat(fake.requests("/accounts/RotateCookies")).hasSize(1);
    }

    @Test
    void reportsAnAnswerWithoutANewPsidtsAsAPassingFailure() {
        fake.rotationMode(FakeGeminiWeb.RotationMode.WITHOUT_PSIDTS);

        ProviderFailure failure = failure(() -> rotator().rotate(alice()));

        assertThat(failure.code()).isEqualTo(FailureCode.UPSTREAM_ERROR);
        assertThat(failure.upstreamReason()).contains("without a new __Secure-1PSIDTS");
    }

    @Test
    void usesTheRotatedCookieEvenWhenTheCallerStillHasTheOldOne() {
        fake.rotationGrace(Duration.ZERO);
        GeminiWebClient client = client(fake.settings());
        WebCookies rotated = new GeminiWebCookieRotator(client).rotate(alice());

        new GeminiWebProvider(client).generate(alice(), request("a fox"));

        assertThat(fake.requests(WebProtocol.STREAM_GENERATE_PATH).get(0).header("Cookie"))
            .isEqualTo("__Secure-1PSID=" + ALICE_PSID + "; __Secure-1PSIDTS=" + rotated.psidts());
    }

    @Test
    void keepsEveryCredentialsCookiesApart() {
        fake.account("test-psid-bob", "test-psidts-bob");
        WebCookies bob = new WebCookies("2:gemini-web", "test-psid-bob", "test-psidts-bob");
        GeminiWebClient client = client(fake.settings());
        WebCookies rotatedAlice = new GeminiWebCookieRotator(client).rotate(alice());

        new GeminiWebProvider(client).generate(bob, request("a fox"));

        assertThat(fake.requests()).filteredOn(request -> request.header("Cookie") != null && !request.path().contains("Rotate"))
            .allSatisfy(request -> assertThat(request.header("Cookie"))
                .isEqualTo("__Secure-1PSID=test-psid-bob; __Secure-1PSIDTS=test-psidts-bob")
                .doesNotContain(rotatedAlice.psidts()));
    }

    @Test
    void startsAFreshJarWhenTheCredentialGetsNewCookies() {
        GeminiWebClient client = client(fake.settings());
        new GeminiWebCookieRotator(client).rotate(alice());
        fake.account("test-psid-alice-2", "test-psidts-alice-2");

        new GeminiWebProvider(client).validate(new WebCookies(alice().key(), "test-psid-alice-2", "test-psidts-alice-2"));

        assertThat(fake.requests("/app")).last()
            .satisfies(page -> assertThat(page.header("Cookie"))
                .isEqualTo("__Secure-1PSID=test-psid-alice-2; __Secure-1PSIDTS=test-psidts-alice-2"));
    }

    @Test
    void refusesToSendCookiesToAnAccountsUrlOutsideTheCookieDomain() {
        FakeGeminiWeb.Settings settings = fake.settings();
        GeminiWebProperties outside = new GeminiWebProperties(settings.build().baseUrl(),
                java.net.URI.create("http://" + FakeGeminiWeb.IMAGE_HOST + ":" + fake.port() + "/accounts"),
                FakeGeminiWeb.APP_HOST, settings.allowedImageHosts, settings.rotation, Duration.ofSeconds(2), settings.idle,
                settings.call, org.springframework.util.unit.DataSize.ofMegabytes(1), "flash");

        ProviderFailure failure = failure(() -> new GeminiWebClient(outside, clock).rotate(alice()));

        assertThat(failure.code()).isEqualTo(FailureCode.UPSTREAM_ERROR);
        assertThat(fake.requests()).isEmpty();
    }

    @Test
    void tellsTheSchedulerTheConfiguredIntervalButNeverLessThanAMinute() {
        assertThat(rotator().rotationInterval()).isEqualTo(Duration.ofMinutes(10));
        FakeGeminiWeb.Settings settings = fake.settings();
        settings.rotation = Duration.ofSeconds(5);
        assertThat(new GeminiWebCookieRotator(client(settings)).rotationInterval()).isEqualTo(Duration.ofSeconds(60));
    }

    private GeminiWebCookieRotator rotator() {
        return new GeminiWebCookieRotator(client(fake.settings()));
    }

}
