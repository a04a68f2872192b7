package app.atelier.generation;

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
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static app.atelier.support.ApiUser.tree;
import static org.assertj.core.api.Assertions.assertThat;

/** Every failure code of {@code api-v1.md}, provoked through the fake upstreams: a stable code, a useful message, nothing charged. */
@SpringBootTest(properties = { "atelier.quota.tiers.free.per-minute=1000", "atelier.gemini.web.idle-stream-timeout=1s",
        "spring.application.name=generation-failures" })
@AutoConfigureMockMvc
class GenerationFailuresTests {

    @RegisterExtension
    static final FakeUpstreams fakes = new FakeUpstreams();

    static final FakeGeminiWebServer web = fakes.web();

    @DynamicPropertySource
    static void pointAtTheFakes(DynamicPropertyRegistry registry) {
        fakes.pointApplicationAt(registry);
    }

    @Autowired
    MockMvcTester mvc;

    @Autowired
    JdbcClient jdbc;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "[fake:1037]     | upstream_usage_limit | Google's daily image limit for this Gemini account is reached",
        "[fake:1060]     | upstream_blocked     | Google refused to serve this account from here",
        "[fake:refuse]   | upstream_refused     | Gemini answered without an image",
        "[fake:1003]     | upstream_refused     | Gemini answered without an image: Gemini error 1003",
        "[fake:http=500] | upstream_error       | Google's service answered with an error",
        "[fake:1013]     | upstream_error       | Gemini error 1013",
        "[fake:stall]    | timeout              | Google did not answer in time" })
    void aWebGenerationThatFailsSaysWhyAndChargesNothing(String marker, String code, String message) {
        ApiUser user = webUser("test-psid-f" + Math.abs(marker.hashCode() % 1000));

        JsonNode failed = user.generate("{\"prompt\": \"a cat " + marker + "\", \"provider\": \"gemini-web\", \"count\": 2}");

        assertThat(failed.path("status").asString()).isEqualTo("failed");
        assertThat(failed.path("error").path("code").asString()).isEqualTo(code);
        assertThat(failed.path("error").path("message").asString()).contains(message);
        assertThat(failed.path("images")).isEmpty();
        assertThat(failed.path("finishedAt").asString()).endsWith("Z");
        assertNothingCharged(user);
        assertThat(credentialStatus(user, "gemini-web")).isEqualTo("valid");
    }

    @Test
    void cookiesThatDieDuringAGenerationAreMarkedExpiredAndTheMessageSaysWhatToDo() {
        ApiUser user = webUser("test-psid-dying");
        web.signOut("test-psid-dying");

        JsonNode failed = user.generate("{\"prompt\": \"a cat\", \"provider\": \"gemini-web\"}");

        assertThat(failed.path("error").path("code").asString()).isEqualTo("credentials_expired");
        assertThat(failed.path("error").path("message").asString())
            .isEqualTo("Your Gemini cookies expired — update them on the Credentials page, then try again.");
        assertThat(credentialStatus(user, "gemini-web")).isEqualTo("expired");
        assertNothingCharged(user);
        assertProblem(user.post("/api/v1/generations", "{\"prompt\": \"again\"}"), 409, "no_credentials");
    }

    @Test
    void aModelThatRefusesOnTheApiGivesItsReason() {
        ApiUser user = ApiUser.register(mvc, "fail");
        assertThat(user.put("/api/v1/credentials/gemini-api", "{\"apiKey\": \"test-key-fail\"}")).hasStatus(200);

        JsonNode failed = user.generate("{\"prompt\": \"something [block:SAFETY]\"}");

        assertThat(failed.path("error").path("code").asString()).isEqualTo("upstream_refused");
        assertThat(failed.path("error").path("message").asString()).startsWith("Gemini answered without an image: ").contains("SAFETY");
        assertNothingCharged(user);
    }

    @Test
    void failuresNeverCarryTheCredential() {
        ApiUser user = webUser("test-psid-leak");

        JsonNode failed = user.generate("{\"prompt\": \"a cat [fake:http=500]\", \"provider\": \"gemini-web\"}");

        assertThat(failed.toString()).doesNotContain("test-psid-leak").doesNotContain("test-psidts-leak");
    }

    ApiUser webUser(String psid) {
        String psidts = psid.replace("psid", "psidts");
        web.signIn(psid, psidts);
        ApiUser user = ApiUser.register(mvc, "fail");
        assertThat(user.put("/api/v1/credentials/gemini-web", "{\"psid\": \"" + psid + "\", \"psidts\": \"" + psidts + "\"}")).hasStatus(200);
        return user;
    }

    String credentialStatus(ApiUser user, String provider) {
        return tree(user.get("/api/v1/credentials")).path("items").valueStream()
            .filter(item -> item.path("provider").asString().equals(provider))
            .findFirst().orElseThrow().path("status").asString();
    }

    void assertNothingCharged(ApiUser user) {
        assertThat(jdbc.sql("SELECT COALESCE(SUM(reserved), 0) + COALESCE(SUM(committed), 0) FROM quota_days WHERE account_id = :account")
            .param("account", user.id()).query(Integer.class).single()).isZero();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM images WHERE account_id = :account").param("account", user.id()).query(Integer.class).single())
            .isZero();
    }

    static void assertProblem(org.springframework.test.web.servlet.assertj.MvcTestResult result, int status, String code) {
        GenerationsApiTests.assertProblem(result, status, code);
    }

}
