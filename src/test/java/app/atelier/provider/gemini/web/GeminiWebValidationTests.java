package app.atelier.provider.gemini.web;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import app.atelier.provider.CredentialCheck;
import app.atelier.provider.CredentialStatus;
import app.atelier.provider.FailureCode;
import app.atelier.provider.ProviderCredential.ApiKey;
import app.atelier.provider.ProviderCredential.WebCookies;
import app.atelier.provider.ProviderFailure;

import static app.atelier.provider.gemini.web.GeminiWebGenerationTests.failure;
import static org.assertj.core.api.Assertions.assertThat;

class GeminiWebValidationTests extends GeminiWebTestSupport {

    @Test
    void findsSignedInCookiesValidAndNamesTheModels() {
        CredentialCheck check = provider().validate(alice());

        assertThat(check.status()).isEqualTo(CredentialStatus.VALID);
        assertThat(check.detail()).isEqualTo("signed in; models: Fast, Pro");
        assertThat(fake.requests(WebProtocol.STREAM_GENERATE_PATH)).isEmpty();
    }

    @Test
    void findsCookiesGoogleDoesNotKnowSignedOut() {
        CredentialCheck check = provider().validate(new WebCookies("2:gemini-web", "test-psid-unknown", "test-psidts-unknown"));

        assertThat(check.status()).isEqualTo(CredentialStatus.EXPIRED);
        assertThat(check.detail()).startsWith("signed out — export the cookies again");
    }

    @Test
    void findsARotatedAwayPsidtsExpiredOnceItsGraceIsOver() {
        fake.rotationGrace(Duration.ofSeconds(30));
        client(fake.settings()).rotate(new WebCookies("9:gemini-web", ALICE_PSID, ALICE_PSIDTS));
        clock.advance(Duration.ofMinutes(1));

        CredentialCheck check = provider().validate(alice());

        assertThat(check.status()).isEqualTo(CredentialStatus.EXPIRED);
    }

    @ParameterizedTest
    @CsvSource({ "1060, BLOCKED, region not supported (account status 1060)",
            "1014, BLOCKED, access temporarily unavailable: a regional or session issue (account status 1014)",
            "1021, BLOCKED, account rejected by Gemini (account status 1021)",
            "1033, BLOCKED, account not trusted by Gemini (account status 1033)",
            "1054, BLOCKED, the account's guardian has not allowed Gemini (account status 1054)",
            "1057, BLOCKED, the account needs a guardian's approval for Gemini (account status 1057)",
            "1040, INVALID, accept Gemini's terms of service in a browser first (account status 1040)",
            "1042, INVALID, accept Gemini's terms of service in a browser first (account status 1042)",
            "1016, EXPIRED, signed out — export the cookies again (account status 1016)",
            "1099, BLOCKED, 'account status 1099, which Gemini treats as rejected'" })
    void explainsAnAccountStatusGeminiDoesNotServe(int status, CredentialStatus expected, String detail) {
        alice.status(status);

        CredentialCheck check = provider().validate(alice());

        assertThat(check.status()).isEqualTo(expected);
        assertThat(check.detail()).isEqualTo(detail);
    }

    @Test
    void findsMalformedCookiesInvalidWithoutAskingGoogle() {
        CredentialCheck check = provider().validate(new WebCookies("3:gemini-web", "test psid; injected=1", ""));

        assertThat(check.status()).isEqualTo(CredentialStatus.INVALID);
        assertThat(check.detail()).contains("__Secure-1PSID");
        assertThat(fake.requests()).isEmpty();
    }

    @Test
    void findsAnEmptyPsidInvalid() {
        assertThat(provider().validate(new WebCookies("3:gemini-web", "", "x")).status()).isEqualTo(CredentialStatus.INVALID);
    }

    @Test
    void acceptsCookiesWithoutPsidtsAndSendsThePsidAlone() {
        fake.account("test-psid-bob", null);

        CredentialCheck check = provider().validate(new WebCookies("4:gemini-web", "test-psid-bob", ""));

        assertThat(check.status()).isEqualTo(CredentialStatus.VALID);
        assertThat(fake.requests("/app").get(0).header("Cookie")).isEqualTo("__Secure-1PSID=test-psid-bob");
    }

    @Test
    void findsAnApiKeyInvalidForTheWebProvider() {
        assertThat(provider().validate(new ApiKey("5:gemini-api", "not-a-cookie")).status()).isEqualTo(CredentialStatus.INVALID);
    }

    @Test
    void findsARejectedRpcExpired() {
        fake.batchRejected(true);

        CredentialCheck check = provider().validate(alice());

        assertThat(check.status()).isEqualTo(CredentialStatus.EXPIRED);
        assertThat(check.detail()).contains("signed out — export the cookies again");
    }

    @Test
    void findsAFlaggedAddressBlocked() {
        fake.pageMode(FakeGeminiWeb.PageMode.SORRY_REDIRECT);

        CredentialCheck check = provider().validate(alice());

        assertThat(check.status()).isEqualTo(CredentialStatus.BLOCKED);
        assertThat(check.detail()).contains("flagged this server's address");
    }

    @Test
    void throwsRatherThanJudgingTheCookiesWhenGoogleIsDown() {
        fake.pageMode(FakeGeminiWeb.PageMode.SERVER_ERROR);

        ProviderFailure failure = failure(() -> provider().validate(alice()));

        assertThat(failure.code()).isEqualTo(FailureCode.UPSTREAM_ERROR);
        assertThat(failure.upstreamReason()).contains("HTTP 500");
    }

    @Test
    void throwsRatherThanJudgingTheCookiesWhenGoogleCannotBeReached() {
        GeminiWebProvider provider = provider();
        fake.close();

        ProviderFailure failure = failure(() -> provider.validate(alice()));

        assertThat(failure.code()).isIn(FailureCode.UPSTREAM_ERROR, FailureCode.TIMEOUT);
        assertThat(failure.upstreamReason()).contains("localhost");
    }

}
