package app.atelier.credentials;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import app.atelier.provider.ProviderCredential;
import app.atelier.provider.ProviderId;
import app.atelier.provider.gemini.api.FakeGeminiApiAccess;
import app.atelier.provider.gemini.web.FakeGeminiWebServer;
import app.atelier.support.Browser;
import app.atelier.support.FakeUpstreams;
import app.atelier.support.Unique;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MockMvcTester.MockMvcRequestBuilder;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static app.atelier.support.Requests.basic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

/** {@code /api/v1/credentials} as api-v1.md describes it, validating against the fake Gemini web app and API. */
@SpringBootTest
@AutoConfigureMockMvc
class CredentialsApiTests {

    static final String PSID = "test-psid-api-U8k3Lq";

    static final String PSIDTS = "test-psidts-api-P5x7Wd";

    static final String API_KEY = "test-api-key-api-Z2c9Rt";

    static final String PASSWORD = "lantern quince harbour";

    static final Set<String> CREDENTIAL_FIELDS = Set.of("provider", "status", "statusDetail", "hint", "lastVerifiedAt", "lastUsedAt",
            "lastRotatedAt", "createdAt", "updatedAt");

    @RegisterExtension
    static final FakeUpstreams fakes = new FakeUpstreams();

    static final FakeGeminiWebServer web = fakes.web();

    static final FakeGeminiApiAccess api = fakes.api();

    private static final JsonMapper json = JsonMapper.builder().build();

    static {
        web.signIn(PSID, PSIDTS);
        web.signIn("test-psid-region", "test-psidts-region", 1060);
    }

    @DynamicPropertySource
    static void pointAtTheFakes(DynamicPropertyRegistry registry) {
        fakes.pointApplicationAt(registry);
    }

    @Autowired
    MockMvcTester mvc;

    @Autowired
    Credentials credentials;

    @Autowired
    JdbcClient jdbc;

    private final List<String> bodies = new ArrayList<>();

    @Test
    void storesWebCookiesGivenAsTwoValuesAfterGoogleAcceptsThem() {
        User user = user();

        MvcTestResult stored = put(user, "gemini-web", "{\"psid\": \" " + PSID + " \", \"psidts\": \"" + PSIDTS + "\"}");

        assertThat(stored).hasStatus(200).hasContentTypeCompatibleWith(MediaType.APPLICATION_JSON);
        JsonNode credential = credential(stored);
        assertThat(credential.path("provider").asString()).isEqualTo("gemini-web");
        assertThat(credential.path("status").asString()).isEqualTo("valid");
        assertThat(credential.path("statusDetail").asString()).startsWith("signed in");
        assertThat(credential.path("hint").asString()).isEqualTo("…" + PSID.substring(PSID.length() - 4));
        assertThat(credential.path("lastVerifiedAt").asString()).endsWith("Z");
        assertThat(credential.path("createdAt").asString()).endsWith("Z");
        assertThat(credential.path("updatedAt").asString()).endsWith("Z");
        assertThat(credential.path("lastUsedAt").isNull()).isTrue();
        assertThat(credential.path("lastRotatedAt").isNull()).isTrue();
        assertThat(opened(user, ProviderId.GEMINI_WEB)).isEqualTo(
                new ProviderCredential.WebCookies(Credentials.key(user.id(), ProviderId.GEMINI_WEB), PSID, PSIDTS));
        assertNoSecretInAnyAnswer();
    }

    @ParameterizedTest
    @ValueSource(strings = { "header", "json", "cookies.txt" })
    void storesWebCookiesFromEachPasteFormatKeepingOnlyTheTwoNeeded(String format) {
        User user = user();
        String paste = switch (format) {
            case "header" -> "Cookie: SID=another-cookie; __Secure-1PSIDTS=" + PSIDTS + "; __Secure-1PSID=" + PSID + "; NID=more";
            case "json" -> """
                    [{"domain": ".youtube.com", "name": "__Secure-1PSID", "value": "youtube-psid"},
                     {"domain": ".google.com", "name": "__Secure-1PSID", "value": "%s", "expirationDate": 1790000000},
                     {"domain": ".google.com", "name": "__Secure-1PSIDTS", "value": "%s", "expirationDate": 1790000000},
                     {"domain": ".google.com", "name": "SID", "value": "another-cookie"}]""".formatted(PSID, PSIDTS);
            default -> "# Netscape HTTP Cookie File\n#HttpOnly_.google.com\tTRUE\t/\tTRUE\t1790000000\t__Secure-1PSID\t" + PSID
                    + "\n.google.com\tTRUE\t/\tTRUE\t1790000000\t__Secure-1PSIDTS\t" + PSIDTS
                    + "\n.google.com\tTRUE\t/\tFALSE\t1790000000\tSID\tanother-cookie\n";
        };

        MvcTestResult stored = put(user, "gemini-web", json.writeValueAsString(java.util.Map.of("cookies", paste)));

        assertThat(stored).hasStatus(200);
        assertThat(credential(stored).path("status").asString()).isEqualTo("valid");
        assertThat(opened(user, ProviderId.GEMINI_WEB)).isEqualTo(
                new ProviderCredential.WebCookies(Credentials.key(user.id(), ProviderId.GEMINI_WEB), PSID, PSIDTS));
        assertNoSecretInAnyAnswer();
        assertThat(bodies).allSatisfy(body -> assertThat(body).doesNotContain("another-cookie").doesNotContain("youtube-psid"));
    }

    @Test
    void storesAnApiKeyAfterGoogleAcceptsIt() {
        User user = user();

        MvcTestResult stored = put(user, "gemini-api", "{\"apiKey\": \"" + API_KEY + "\"}");

        assertThat(stored).hasStatus(200);
        JsonNode credential = credential(stored);
        assertThat(credential.path("provider").asString()).isEqualTo("gemini-api");
        assertThat(credential.path("status").asString()).isEqualTo("valid");
        assertThat(credential.path("statusDetail").asString()).isEqualTo("Google accepts this API key.");
        assertThat(credential.path("hint").asString()).isEqualTo("…c9Rt");
        assertThat(((ProviderCredential.ApiKey) opened(user, ProviderId.GEMINI_API)).apiKey()).isEqualTo(API_KEY);
        assertNoSecretInAnyAnswer();
    }

    @Test
    void listsTheCallersCredentialsAndReplacesOneOnANewPut() {
        User user = user();
        assertThat(credentialList(user)).isEmpty();
        put(user, "gemini-web", "{\"psid\": \"" + PSID + "\", \"psidts\": \"" + PSIDTS + "\"}");
        put(user, "gemini-api", "{\"apiKey\": \"test-api-key-first-A1b2\"}");

        assertThat(put(user, "gemini-api", "{\"apiKey\": \"" + API_KEY + "\"}")).hasStatus(200);

        List<JsonNode> items = credentialList(user);
        assertThat(items).extracting(item -> item.path("provider").asString()).containsExactly("gemini-api", "gemini-web");
        assertThat(items.get(0).path("hint").asString()).isEqualTo("…c9Rt");
        assertThat(items).allSatisfy(item -> assertThat(fieldsOf(item)).isEqualTo(CREDENTIAL_FIELDS));
        assertThat(rowCount(user)).isEqualTo(2);
        assertNoSecretInAnyAnswer();
    }

    @Test
    void refusesCookiesGoogleDoesNotKnowAndStoresNothing() {
        User user = user();

        MvcTestResult refused = put(user, "gemini-web", "{\"psid\": \"test-psid-api-unknown\", \"psidts\": \"test-psidts-api-unknown\"}");

        assertProblem(refused, 422, "credentials_invalid");
        assertThat(detail(refused)).startsWith("signed out — export the cookies again");
        assertThat(rowCount(user)).isZero();
        assertThat(credentialList(user)).isEmpty();
        assertThat(bodies).allSatisfy(body -> assertThat(body).doesNotContain("test-psid-api-unknown").doesNotContain("test-psidts-api-unknown"));
    }

    @Test
    void refusesCookiesOfAnAccountGeminiDoesNotServeWithTheReason() {
        User user = user();

        MvcTestResult refused = put(user, "gemini-web", "{\"cookies\": \"__Secure-1PSID=test-psid-region; "
                + "__Secure-1PSIDTS=test-psidts-region\"}");

        assertProblem(refused, 422, "credentials_invalid");
        assertThat(detail(refused)).isEqualTo("region not supported (account status 1060)");
        assertThat(rowCount(user)).isZero();
    }

    @Test
    void keepsTheStoredCredentialWhenAReplacementIsRefused() {
        User user = user();
        put(user, "gemini-api", "{\"apiKey\": \"" + API_KEY + "\"}");
        String before = body(get(user, "/api/v1/credentials"));

        assertProblem(put(user, "gemini-api", "{\"apiKey\": \"region-key\"}"), 422, "credentials_invalid");
        assertProblem(put(user, "gemini-api", "{\"apiKey\": \"busy-key\"}"), 502, "upstream_unavailable");

        assertThat(body(get(user, "/api/v1/credentials"))).isEqualTo(before);
        assertThat(((ProviderCredential.ApiKey) opened(user, ProviderId.GEMINI_API)).apiKey()).isEqualTo(API_KEY);
    }

    @Test
    void refusesApiKeysGoogleRejectsWithItsReasonAndStoresNothing() {
        User user = user();

        MvcTestResult region = put(user, "gemini-api", "{\"apiKey\": \"region-key\"}");
        MvcTestResult leaked = put(user, "gemini-api", "{\"apiKey\": \"forbidden-key\"}");

        assertProblem(region, 422, "credentials_invalid");
        assertThat(detail(region)).startsWith("Google refuses to serve this API key here")
            .contains("User location is not supported for the API use.");
        assertProblem(leaked, 422, "credentials_invalid");
        assertThat(detail(leaked)).startsWith("Google refuses to serve this API key here");
        assertThat(rowCount(user)).isZero();
        assertThat(bodies).allSatisfy(body -> assertThat(body).doesNotContain("region-key").doesNotContain("forbidden-key"));
    }

    @Test
    void answersUpstreamUnavailableWhenGoogleCannotSayAndStoresNothing() {
        User user = user();

        web.down();
        MvcTestResult webDown;
        try {
            webDown = put(user, "gemini-web", "{\"psid\": \"" + PSID + "\", \"psidts\": \"" + PSIDTS + "\"}");
        }
        finally {
            web.up();
        }
        MvcTestResult apiDown = put(user, "gemini-api", "{\"apiKey\": \"busy-key\"}");

        assertProblem(webDown, 502, "upstream_unavailable");
        assertThat(detail(webDown)).contains("Nothing was changed");
        assertProblem(apiDown, 502, "upstream_unavailable");
        assertThat(rowCount(user)).isZero();
        assertNoSecretInAnyAnswer();
    }

    @Test
    void refusesMalformedBodiesFieldByFieldWithoutAskingGoogle() {
        User user = user();
        int webRequests = web.requestCount();
        int apiRequests = api.requestCount();

        assertValidation(put(user, "gemini-web", "{}"), "psid");
        assertValidation(put(user, "gemini-web", "{\"psid\": \"" + PSID + "\"}"), "psidts");
        assertValidation(put(user, "gemini-web", "{\"psidts\": \"" + PSIDTS + "\"}"), "psid");
        assertValidation(put(user, "gemini-web", "{\"psid\": \"" + PSID + "\", \"psidts\": \"" + PSIDTS + "\", \"cookies\": \"x=y\"}"),
                "cookies");
        assertValidation(put(user, "gemini-web", "{\"psid\": \"test psid; injected\", \"psidts\": \"" + PSIDTS + "\"}"), "psid");
        assertValidation(put(user, "gemini-web", "{\"psid\": \"" + PSID + "\", \"psidts\": \"\"}"), "psidts");
        assertValidation(put(user, "gemini-web", "{\"cookies\": \"just some words, test-secret-words-M4\"}"), "cookies");
        assertValidation(put(user, "gemini-web", "{\"cookies\": \"__Secure-1PSID=" + PSID + "\"}"), "cookies");
        assertValidation(put(user, "gemini-web", "{\"cookies\": \"[{\\\"name\\\": \\\"SID\\\", \\\"value\\\": \\\"x\\\"}]\"}"), "cookies");
        assertValidation(put(user, "gemini-web", "{\"cookies\": \"" + "a=b; ".repeat(40_001) + "\"}"), "cookies");
        assertValidation(put(user, "gemini-api", "{}"), "apiKey");
        assertValidation(put(user, "gemini-api", "{\"apiKey\": \"short\"}"), "apiKey");
        assertValidation(put(user, "gemini-api", "{\"apiKey\": \"test api key with spaces\"}"), "apiKey");
        assertProblem(put(user, "gemini-api", "{\"apiKey\": "), 422, "validation_failed");
        assertProblem(put(user, "gemini-web", "[1, 2]"), 422, "validation_failed");

        assertThat(web.requestCount()).isEqualTo(webRequests);
        assertThat(api.requestCount()).isEqualTo(apiRequests);
        assertThat(rowCount(user)).isZero();
        assertThat(bodies).allSatisfy(body -> assertThat(body).doesNotContain("test-secret-words").doesNotContain("injected"));
        assertNoSecretInAnyAnswer();
    }

    @Test
    void verifiesAStoredCredentialAgainAndRecordsWhatGoogleSays() {
        User user = user();
        String psid = "test-psid-api-verify-" + user.id();
        web.signIn(psid, "test-psidts-api-verify");
        put(user, "gemini-web", "{\"psid\": \"" + psid + "\", \"psidts\": \"test-psidts-api-verify\"}");
        put(user, "gemini-api", "{\"apiKey\": \"" + API_KEY + "\"}");

        MvcTestResult stillValid = post(user, "/api/v1/credentials/gemini-api/verify");
        web.signIn(psid, "test-psidts-api-verify-elsewhere");
        MvcTestResult signedOut = post(user, "/api/v1/credentials/gemini-web/verify");

        assertThat(stillValid).hasStatus(200);
        assertThat(credential(stillValid).path("status").asString()).isEqualTo("valid");
        assertThat(credential(stillValid).path("lastVerifiedAt").asString()).endsWith("Z");
        assertThat(signedOut).hasStatus(200);
        assertThat(credential(signedOut).path("provider").asString()).isEqualTo("gemini-web");
        assertThat(credential(signedOut).path("status").asString()).isEqualTo("expired");
        assertThat(credential(signedOut).path("statusDetail").asString()).startsWith("signed out — export the cookies again");
        assertThat(credentialList(user)).extracting(item -> item.path("status").asString()).containsExactly("valid", "expired");
        assertThat(bodies).allSatisfy(body -> assertThat(body).doesNotContain(psid));
        assertNoSecretInAnyAnswer();
    }

    @Test
    void deletesACredential() {
        User user = user();
        put(user, "gemini-web", "{\"psid\": \"" + PSID + "\", \"psidts\": \"" + PSIDTS + "\"}");
        put(user, "gemini-api", "{\"apiKey\": \"" + API_KEY + "\"}");

        MvcTestResult deleted = delete(user, "/api/v1/credentials/gemini-web");

        assertThat(deleted).hasStatus(204);
        assertThat(body(deleted)).isEmpty();
        assertThat(credentialList(user)).extracting(item -> item.path("provider").asString()).containsExactly("gemini-api");
        assertThat(credentials.open(user.id(), ProviderId.GEMINI_WEB)).isEmpty();
        assertProblem(delete(user, "/api/v1/credentials/gemini-web"), 404, "not_found");
        assertProblem(post(user, "/api/v1/credentials/gemini-web/verify"), 404, "not_found");
    }

    @Test
    void answersNotFoundForAnUnknownProvider() {
        User user = user();

        assertProblem(post(user, "/api/v1/credentials/openai/verify"), 404, "not_found");
        assertProblem(delete(user, "/api/v1/credentials/openai"), 404, "not_found");
        assertProblem(delete(user, "/api/v1/credentials/GEMINI-WEB"), 404, "not_found");
    }

    @Test
    void eachUserSeesVerifiesAndDeletesOnlyTheirOwnCredentials() {
        User owner = user();
        User other = user();
        put(owner, "gemini-web", "{\"psid\": \"" + PSID + "\", \"psidts\": \"" + PSIDTS + "\"}");
        put(owner, "gemini-api", "{\"apiKey\": \"" + API_KEY + "\"}");
        String ownersList = body(get(owner, "/api/v1/credentials"));

        assertThat(credentialList(other)).isEmpty();
        assertProblem(post(other, "/api/v1/credentials/gemini-web/verify"), 404, "not_found");
        assertProblem(post(other, "/api/v1/credentials/gemini-api/verify"), 404, "not_found");
        assertProblem(delete(other, "/api/v1/credentials/gemini-web"), 404, "not_found");
        assertProblem(delete(other, "/api/v1/credentials/gemini-api"), 404, "not_found");

        assertThat(body(get(owner, "/api/v1/credentials"))).isEqualTo(ownersList);
        assertThat(credentialList(owner)).hasSize(2);
        assertThat(credentials.open(other.id(), ProviderId.GEMINI_API)).isEmpty();
    }

    @Test
    void refusesCallersWithoutAValidToken() {
        assertProblem(mvc.get().uri("/api/v1/credentials").exchange(), 401, "unauthorized");
        assertProblem(mvc.put().uri("/api/v1/credentials/gemini-api").contentType(MediaType.APPLICATION_JSON)
            .content("{\"apiKey\": \"" + API_KEY + "\"}").exchange(), 401, "unauthorized");
        assertProblem(mvc.get().uri("/api/v1/credentials").header(HttpHeaders.AUTHORIZATION, "Bearer atl_nope").exchange(), 401,
                "unauthorized");
        assertProblem(mvc.delete().uri("/api/v1/credentials/gemini-api").exchange(), 401, "unauthorized");
    }

    @Test
    void worksWithASignedInSessionThatSendsTheCsrfToken() {
        User user = user();
        Browser browser = new Browser(mvc).signedIn(user.name(), PASSWORD);

        MvcTestResult withoutCsrf = browser.exchange(mvc.put().uri("/api/v1/credentials/gemini-api").contentType(MediaType.APPLICATION_JSON)
            .content("{\"apiKey\": \"" + API_KEY + "\"}"));
        MvcTestResult stored = browser.exchange(mvc.put().uri("/api/v1/credentials/gemini-api").with(csrf().asHeader())
            .contentType(MediaType.APPLICATION_JSON).content("{\"apiKey\": \"" + API_KEY + "\"}"));
        MvcTestResult listed = browser.exchange(mvc.get().uri("/api/v1/credentials"));
        MvcTestResult deleted = browser.exchange(mvc.delete().uri("/api/v1/credentials/gemini-api").with(csrf().asHeader()));

        assertProblem(withoutCsrf, 403, "forbidden");
        assertThat(stored).hasStatus(200);
        assertThat(listed).hasStatus(200);
        assertThat(listed).bodyJson().extractingPath("$.items[0].provider").isEqualTo("gemini-api");
        assertThat(deleted).hasStatus(204);
        assertThat(rowCount(user)).isZero();
    }

    record User(long id, String name, String token) {
    }

    User user() {
        String name = Unique.name("cred");
        String address = Unique.address();
        assertThat(mvc.post().uri("/api/v1/accounts").remoteAddress(address).contentType(MediaType.APPLICATION_JSON)
            .content("{\"username\":\"%s\",\"email\":\"%s\",\"password\":\"%s\",\"acceptTerms\":true}".formatted(name, Unique.email(name),
                    PASSWORD))
            .exchange()).hasStatus(201);
        MvcTestResult token = mvc.post().uri("/api/v1/tokens").remoteAddress(address).header(HttpHeaders.AUTHORIZATION, basic(name, PASSWORD))
            .exchange();
        assertThat(token).hasStatus(201);
        String bearer = tree(body(token)).path("token").asString();
        MvcTestResult me = mvc.get().uri("/api/v1/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + bearer).exchange();
        return new User(tree(body(me)).path("id").asLong(), name, bearer);
    }

    MvcTestResult put(User user, String provider, String body) {
        return exchange(user, mvc.put().uri("/api/v1/credentials/" + provider).contentType(MediaType.APPLICATION_JSON).content(body));
    }

    MvcTestResult post(User user, String uri) {
        return exchange(user, mvc.post().uri(uri));
    }

    MvcTestResult get(User user, String uri) {
        return exchange(user, mvc.get().uri(uri));
    }

    MvcTestResult delete(User user, String uri) {
        return exchange(user, mvc.delete().uri(uri));
    }

    private MvcTestResult exchange(User user, MockMvcRequestBuilder request) {
        MvcTestResult result = request.header(HttpHeaders.AUTHORIZATION, "Bearer " + user.token()).exchange();
        bodies.add(body(result));
        return result;
    }

    List<JsonNode> credentialList(User user) {
        MvcTestResult list = get(user, "/api/v1/credentials");
        assertThat(list).hasStatus(200);
        JsonNode root = tree(body(list));
        assertThat(fieldsOf(root)).containsExactly("items");
        return root.path("items").valueStream().toList();
    }

    ProviderCredential opened(User user, ProviderId provider) {
        return credentials.open(user.id(), provider).orElseThrow();
    }

    long rowCount(User user) {
        return jdbc.sql("SELECT COUNT(*) FROM credentials WHERE account_id = :account").param("account", user.id()).query(Long.class).single();
    }

    /** The credential answer, checked to hold exactly the contract's fields. */
    static JsonNode credential(MvcTestResult result) {
        JsonNode credential = tree(body(result));
        assertThat(fieldsOf(credential)).isEqualTo(CREDENTIAL_FIELDS);
        assertThat(credential.path("hint").asString()).matches("….{4}");
        return credential;
    }

    void assertNoSecretInAnyAnswer() {
        assertThat(bodies).isNotEmpty().allSatisfy(body -> assertThat(body).doesNotContain(PSID).doesNotContain(PSIDTS)
            .doesNotContain(API_KEY).doesNotContain("ciphertext"));
    }

    static void assertValidation(MvcTestResult result, String field) {
        assertProblem(result, 422, "validation_failed");
        assertThat(result).bodyJson().extractingPath("$.errors[*].field").asArray().containsExactly(field);
    }

    static void assertProblem(MvcTestResult result, int status, String code) {
        assertThat(result).hasStatus(status);
        assertThat(result).hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(result).bodyJson().extractingPath("$.code").isEqualTo(code);
        assertThat(result).bodyJson().extractingPath("$.status").isEqualTo(status);
        assertThat(body(result)).doesNotContain("Exception").doesNotContain("at app.atelier");
    }

    static String detail(MvcTestResult result) {
        return tree(body(result)).path("detail").asString();
    }

    static Set<String> fieldsOf(JsonNode node) {
        return Set.copyOf(node.propertyNames());
    }

    static JsonNode tree(String body) {
        return json.readTree(body);
    }

    static String body(MvcTestResult result) {
        return new String(result.getResponse().getContentAsByteArray(), StandardCharsets.UTF_8);
    }

}
