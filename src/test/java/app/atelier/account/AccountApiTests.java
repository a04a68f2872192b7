package app.atelier.account;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import app.atelier.support.MutableClock;
import app.atelier.support.TestClockConfiguration;
import app.atelier.web.SignedInUser;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static app.atelier.support.Requests.basic;
import static app.atelier.support.Requests.from;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.authentication;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

@SpringBootTest
@AutoConfigureMockMvc
@Import(TestClockConfiguration.class)
class AccountApiTests {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private static final String PASSWORD = "violet otter marmalade";

    @Autowired
    MockMvcTester mvc;

    @Autowired
    MutableClock clock;

    @Test
    void registersAnAccountAndAnswersWithItsPublicFields() {
        String name = unique("reg");
        MvcTestResult result = register(name, name + "@example.com", PASSWORD, true);
        assertThat(result).hasStatus(201);
        assertThat(result).bodyJson().extractingPath("$.username").isEqualTo(name);
        assertThat(result).bodyJson().extractingPath("$.tier").isEqualTo("free");
        assertThat(result).bodyJson().extractingPath("$.enabled").isEqualTo(true);
        assertThat(result).bodyJson().extractingPath("$.emailVerified").isEqualTo(false);
        assertThat(result).bodyJson().extractingPath("$.createdAt").asString().endsWith("Z");
        assertThat(body(result)).doesNotContain(PASSWORD).doesNotContain("passwordHash");
    }

    @Test
    void refusesInvalidFieldsAllAtOnce() {
        MvcTestResult result = register("x", "not-an-email", "short", false);
        assertProblem(result, 422, "validation_failed");
        assertThat(result).bodyJson().extractingPath("$.errors[*].field").asArray()
            .containsExactlyInAnyOrder("username", "email", "password", "acceptTerms");
    }

    @Test
    void refusesWeakPasswordsWithTheirOwnCode() {
        String name = unique("weak");
        assertProblem(register(name, name + "@example.com", "too short", true), 422, "password_too_weak");
        assertProblem(register(name, name + "@example.com", "password123", true), 422, "password_too_weak");
        assertProblem(register(name, name + "@example.com", "my name is " + name, true), 422, "password_too_weak");
        assertProblem(register(name, name + "@example.com", "x".repeat(129), true), 422, "password_too_weak");
    }

    @Test
    void requiresTheTermsToBeAccepted() {
        String name = unique("terms");
        assertProblem(register(name, name + "@example.com", PASSWORD, false), 422, "terms_not_accepted");
    }

    @Test
    void refusesTakenUsernamesAndEmailsWhateverTheirCase() {
        String name = unique("taken");
        assertThat(register(name, name + "@example.com", PASSWORD, true)).hasStatus(201);
        assertProblem(register(name.toUpperCase(), unique("other") + "@example.com", PASSWORD, true), 409, "username_taken");
        assertProblem(register(unique("other"), name.toUpperCase() + "@EXAMPLE.com", PASSWORD, true), 409, "email_taken");
    }

    @Test
    void refusesUnreadableJson() {
        assertProblem(mvc.post().uri("/api/v1/accounts").contentType(MediaType.APPLICATION_JSON).content("{oops").exchange(), 422,
                "validation_failed");
    }

    @Test
    void throttlesRegistrationsFromOneAddress() {
        String address = "198.51.100.7";
        for (int i = 0; i < 10; i++) {
            String name = unique("flood");
            assertThat(mvc.post().uri("/api/v1/accounts").with(from(address)).contentType(MediaType.APPLICATION_JSON)
                .content(json(name, name + "@example.com", PASSWORD, true)).exchange()).hasStatus(201);
        }
        String name = unique("flood");
        MvcTestResult refused = mvc.post().uri("/api/v1/accounts").with(from(address)).contentType(MediaType.APPLICATION_JSON)
            .content(json(name, name + "@example.com", PASSWORD, true)).exchange();
        assertProblem(refused, 429, "rate_limited");
        assertThat(refused).headers().containsHeader(HttpHeaders.RETRY_AFTER);
    }

    @Test
    void createsTokensWithBasicAuthByUsernameOrEmail() {
        String name = registered();
        MvcTestResult byUsername = createToken(name, PASSWORD, "{\"name\":\"cli\",\"expiresInDays\":30}");
        assertThat(byUsername).hasStatus(201);
        assertThat(byUsername).bodyJson().extractingPath("$.name").isEqualTo("cli");
        assertThat(byUsername).bodyJson().extractingPath("$.token").asString().startsWith("atl_");
        assertThat(byUsername).bodyJson().extractingPath("$.expiresAt").isNotNull();
        assertThat(createToken(name + "@example.com", PASSWORD, null)).hasStatus(201);
    }

    @Test
    void authenticatesWithABearerTokenAndKeepsItsLastUse() {
        String name = registered();
        String token = token(name);
        MvcTestResult me = mvc.get().uri("/api/v1/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + token).exchange();
        assertThat(me).hasStatus(200);
        assertThat(me).bodyJson().extractingPath("$.username").isEqualTo(name);
        MvcTestResult list = mvc.get().uri("/api/v1/tokens").header(HttpHeaders.AUTHORIZATION, "Bearer " + token).exchange();
        assertThat(list).hasStatus(200);
        assertThat(list).bodyJson().extractingPath("$.items[0].lastUsedAt").isNotNull();
        assertThat(body(list)).doesNotContain(token).doesNotContain("\"token\":");
    }

    @Test
    void refusesRequestsWithoutOrWithABadToken() {
        assertProblem(mvc.get().uri("/api/v1/me").exchange(), 401, "unauthorized");
        assertProblem(mvc.get().uri("/api/v1/me").header(HttpHeaders.AUTHORIZATION, "Bearer atl_nope").exchange(), 401, "unauthorized");
        assertProblem(mvc.get().uri("/api/v1/tokens").exchange(), 401, "unauthorized");
    }

    @Test
    void revokedTokensStopWorkingAtOnce() {
        String name = registered();
        String token = token(name);
        long id = tokenId(name, token);
        assertThat(mvc.delete().uri("/api/v1/tokens/" + id).header(HttpHeaders.AUTHORIZATION, "Bearer " + token).exchange())
            .hasStatus(204);
        assertProblem(mvc.get().uri("/api/v1/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + token).exchange(), 401, "unauthorized");
    }

    @Test
    void anotherUsersTokenIdAnswersNotFound() {
        String owner = registered();
        String ownerToken = token(owner);
        long ownerTokenId = tokenId(owner, ownerToken);
        String intruder = registered();
        String intruderToken = token(intruder);
        assertProblem(mvc.delete().uri("/api/v1/tokens/" + ownerTokenId).header(HttpHeaders.AUTHORIZATION, "Bearer " + intruderToken)
            .exchange(), 404, "not_found");
        assertThat(mvc.get().uri("/api/v1/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + ownerToken).exchange()).hasStatus(200);
    }

    @Test
    void expiredTokensAreRefused() {
        String name = registered();
        String token = body(createToken(name, PASSWORD, "{\"expiresInDays\":1}"))
            .replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");
        assertThat(mvc.get().uri("/api/v1/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + token).exchange()).hasStatus(200);
        clock.advance(Duration.ofDays(1).plusSeconds(1));
        assertProblem(mvc.get().uri("/api/v1/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + token).exchange(), 401, "unauthorized");
    }

    @Test
    void refusesInvalidTokenOptions() {
        String name = registered();
        assertProblem(createToken(name, PASSWORD, "{\"expiresInDays\":0}"), 422, "validation_failed");
        assertProblem(createToken(name, PASSWORD, "{\"name\":\"" + "n".repeat(101) + "\"}"), 422, "validation_failed");
    }

    @Test
    void throttlesTokenCreationAfterFiveFailuresEvenForTheRightPassword() {
        String name = registered();
        String address = "203.0.113." + SEQUENCE.incrementAndGet();
        for (int i = 0; i < 5; i++) {
            assertProblem(createTokenFrom(address, name, "wrong password " + i), 401, "unauthorized");
        }
        MvcTestResult throttled = createTokenFrom(address, name, PASSWORD);
        assertProblem(throttled, 429, "rate_limited");
        assertThat(Long.parseLong(throttled.getResponse().getHeader(HttpHeaders.RETRY_AFTER))).isBetween(1L, 900L);
        assertProblem(createTokenFrom("192.0.2." + SEQUENCE.incrementAndGet(), name, PASSWORD), 429, "rate_limited");
        clock.advance(Duration.ofMinutes(15).plusSeconds(1));
        assertThat(createTokenFrom(address, name, PASSWORD)).hasStatus(201);
    }

    @Test
    void throttlesAnAddressThatTriesManyAccounts() {
        String address = "203.0.113." + (100 + SEQUENCE.incrementAndGet() % 100);
        for (int i = 0; i < 5; i++) {
            assertProblem(createTokenFrom(address, unique("ghost"), "wrong password"), 401, "unauthorized");
        }
        assertProblem(createTokenFrom(address, registered(), PASSWORD), 429, "rate_limited");
        clock.advance(Duration.ofMinutes(16));
    }

    @Test
    void sessionRequestsNeedTheCsrfTokenButBearerRequestsDoNot() {
        String name = registered();
        String token = token(name);
        long id = tokenId(name, token);
        SignedInUser user = new SignedInUser(accountId(token), name, false, true, null);
        var signedIn = authentication(UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities()));
        assertProblem(mvc.delete().uri("/api/v1/tokens/" + id).with(signedIn).exchange(), 403, "forbidden");
        assertThat(mvc.delete().uri("/api/v1/tokens/" + id).with(signedIn).with(csrf()).exchange()).hasStatus(204);
    }

    private long accountId(String token) {
        String body = body(mvc.get().uri("/api/v1/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + token).exchange());
        return Long.parseLong(body.replaceAll(".*\"id\":(\\d+).*", "$1"));
    }

    private String registered() {
        String name = unique("user");
        assertThat(register(name, name + "@example.com", PASSWORD, true)).hasStatus(201);
        return name;
    }

    private String token(String name) {
        MvcTestResult result = createToken(name, PASSWORD, null);
        assertThat(result).hasStatus(201);
        return body(result).replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");
    }

    private long tokenId(String name, String token) {
        String body = body(mvc.get().uri("/api/v1/tokens").header(HttpHeaders.AUTHORIZATION, "Bearer " + token).exchange());
        return Long.parseLong(body.replaceAll(".*\"id\":(\\d+).*", "$1"));
    }

    private MvcTestResult createToken(String login, String password, String body) {
        return createTokenFrom("192.0.2." + (SEQUENCE.incrementAndGet() % 250), login, password, body);
    }

    private MvcTestResult createTokenFrom(String address, String login, String password) {
        return createTokenFrom(address, login, password, null);
    }

    private MvcTestResult createTokenFrom(String address, String login, String password, String body) {
        var request = mvc.post().uri("/api/v1/tokens").with(from(address)).header(HttpHeaders.AUTHORIZATION, basic(login, password));
        if (body != null) {
            request.contentType(MediaType.APPLICATION_JSON).content(body);
        }
        return request.exchange();
    }

    private MvcTestResult register(String username, String email, String password, boolean acceptTerms) {
        return mvc.post().uri("/api/v1/accounts").with(from("10.1." + (SEQUENCE.incrementAndGet() % 250) + ".1"))
            .contentType(MediaType.APPLICATION_JSON).content(json(username, email, password, acceptTerms)).exchange();
    }

    private static String json(String username, String email, String password, boolean acceptTerms) {
        return """
                {"username":"%s","email":"%s","password":"%s","acceptTerms":%s}""".formatted(username, email, password, acceptTerms);
    }

    static String unique(String prefix) {
        return prefix + SEQUENCE.incrementAndGet() + "x" + System.nanoTime() % 100000;
    }

    static String body(MvcTestResult result) {
        return new String(result.getResponse().getContentAsByteArray(), StandardCharsets.UTF_8);
    }

    static void assertProblem(MvcTestResult result, int status, String code) {
        assertThat(result).hasStatus(status);
        assertThat(result).hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(result).bodyJson().extractingPath("$.code").isEqualTo(code);
        assertThat(result).bodyJson().extractingPath("$.status").isEqualTo(status);
        assertThat(body(result)).doesNotContain("Exception").doesNotContain("at app.atelier");
    }

}
