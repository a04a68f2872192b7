package app.atelier.web;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import app.atelier.support.Html;
import app.atelier.support.Unique;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What only a real servlet container shows: cookie attributes, the session timeout and the error pages it forwards
 * to. Talks HTTP to the application on a random port.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class RunningServerTests {

    private static final String PASSWORD = "amber finch teapot";

    private static final String BOOM_DETAIL = "kaboom while doing something internal";

    private static String member;

    @LocalServerPort
    int port;

    @Autowired
    SessionTimeouts sessionTimeouts;

    @Autowired
    ServletContext servletContext;

    @BeforeEach
    void registerAnAdministratorAndAMember() throws Exception {
        if (member == null) {
            String admin = Unique.name("boss");
            assertThat(registerByApi(admin).statusCode()).isEqualTo(201);
            String name = Unique.name("member");
            assertThat(registerByApi(name).statusCode()).isEqualTo(201);
            member = name;
        }
    }

    @Test
    void theSessionCookieIsSecureHttpOnlyAndLax() throws Exception {
        Client client = new Client();
        HttpResponse<String> login = client.get("/login");
        assertThat(login.statusCode()).isEqualTo(200);
        String cookie = setCookie(login, "ATELIER_SESSION").orElseThrow();
        assertThat(attributes(cookie)).contains("secure", "httponly", "samesite=lax", "path=/");
    }

    @Test
    void theRememberMeCookieIsSecureHttpOnlyAndLax() throws Exception {
        Client client = new Client();
        HttpResponse<String> signedIn = client.signIn(member, PASSWORD, true);
        assertThat(signedIn.statusCode()).isEqualTo(302);
        String cookie = setCookie(signedIn, "ATELIER_REMEMBER_ME").orElseThrow();
        assertThat(attributes(cookie)).contains("secure", "httponly", "samesite=lax", "max-age=" + 30 * 24 * 60 * 60);
        assertThat(setCookie(signedIn, "ATELIER_SESSION").map(RunningServerTests::attributes).orElseThrow())
            .contains("secure", "httponly", "samesite=lax");
    }

    @Test
    void idleSessionsEndAfterThirtyMinutes() throws Exception {
        Client client = new Client();
        HttpResponse<String> login = client.get("/login");
        String sessionId = setCookie(login, "ATELIER_SESSION").orElseThrow().split(";", 2)[0].split("=", 2)[1];
        assertThat(sessionTimeouts.maxInactiveSeconds(sessionId)).isEqualTo(30 * 60);
        assertThat(servletContext.getSessionTimeout()).isEqualTo(30);
    }

    @Test
    void aWrongPasswordShowsItsMessageOnTheSignInPage() throws Exception {
        Client client = new Client();
        HttpResponse<String> failed = client.signIn(member, "not the right password", false);
        assertThat(failed.statusCode()).isEqualTo(302);
        assertThat(failed.headers().firstValue("Location").orElseThrow()).endsWith("/login?error");
        assertThat(client.get("/login?error").body()).contains("Wrong username, email or password.");
    }

    @Test
    void aMissingPageIsAFriendlyNotFoundPage() throws Exception {
        Client client = signedInMember();
        HttpResponse<String> missing = client.get("/no-such-page-here");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(missing.body()).contains("We couldn't find that page").contains("Go to the home page");
        Html.assertRevealsNothing(missing.body(), "no-such-page-here");
        Html.assertNoInlineCode(missing.body());
        assertStrictHeaders(missing);
    }

    @Test
    void anAdminPageIsAFriendlyForbiddenPageForMembers() throws Exception {
        Client client = signedInMember();
        HttpResponse<String> admin = client.get("/admin/anything");
        assertThat(admin.statusCode()).isEqualTo(403);
        assertThat(admin.body()).contains("You can't open this page");
        Html.assertRevealsNothing(admin.body(), "admin/anything");
        Html.assertNoInlineCode(admin.body());
        assertStrictHeaders(admin);
    }

    @Test
    void aFailureIsAFriendlyServerErrorPage() throws Exception {
        Client client = signedInMember();
        HttpResponse<String> boom = client.get("/test-boom");
        assertThat(boom.statusCode()).isEqualTo(500);
        assertThat(boom.body()).contains("Something went wrong on our side");
        Html.assertRevealsNothing(boom.body(), "test-boom", BOOM_DETAIL, "IllegalStateException", "Boom");
        Html.assertNoInlineCode(boom.body());
        assertStrictHeaders(boom);
    }

    @Test
    void aFormPostWithoutTheCsrfTokenGetsTheForbiddenPage() throws Exception {
        Client client = signedInMember();
        HttpResponse<String> forged = client.post("/settings/tokens", Map.of("name", "forged"));
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.body()).contains("You can't open this page");
        Html.assertRevealsNothing(forged.body(), "settings/tokens", "Invalid CSRF", "could not be verified");
        assertThat(client.get("/settings").body()).doesNotContain("forged");
    }

    @Test
    void theApiAnswersProblemDocumentsForMissingForbiddenAndUnauthorizedRequests() throws Exception {
        String token = apiToken(member);
        Client api = new Client();
        assertProblem(api.get("/api/v1/no-such-thing", "Authorization", "Bearer " + token), 404, "not_found");
        assertProblem(api.send(api.request("/api/v1/me", "Authorization", "Bearer " + token).DELETE()), 405, "method_not_allowed");
        assertProblem(api.get("/api/v1/me"), 401, "unauthorized");
        assertProblem(api.get("/api/v1/me", "Authorization", "Bearer atl_not-a-real-token"), 401, "unauthorized");
        assertProblem(api.get("/api/v1/admin/accounts", "Authorization", "Bearer " + token), 403, "forbidden");
        assertProblem(api.get("/api/v1/admin/accounts"), 401, "unauthorized");
    }

    private static void assertStrictHeaders(HttpResponse<String> response) {
        assertThat(response.headers().firstValue("Content-Security-Policy").orElseThrow()).isEqualTo(SecurityConfiguration.CONTENT_SECURITY_POLICY);
        assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }

    private static void assertProblem(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(response.body()).contains("\"code\":\"" + code + "\"").contains("\"status\":" + status);
        Html.assertRevealsNothing(response.body(), "/api/v1/");
        assertStrictHeaders(response);
    }

    private Client signedInMember() throws Exception {
        Client client = new Client();
        HttpResponse<String> signedIn = client.signIn(member, PASSWORD, false);
        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(signedIn.headers().firstValue("Location").orElseThrow()).doesNotContain("/login");
        return client;
    }

    private HttpResponse<String> registerByApi(String name) throws Exception {
        Client client = new Client();
        return client.send(client.request("/api/v1/accounts", "Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("""
                    {"username":"%s","email":"%s","password":"%s","acceptTerms":true}""".formatted(name, Unique.email(name), PASSWORD))));
    }

    private String apiToken(String name) throws Exception {
        Client client = new Client();
        String basic = java.util.Base64.getEncoder().encodeToString((name + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> created = client.send(client.request("/api/v1/tokens", "Authorization", "Basic " + basic)
            .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(created.statusCode()).isEqualTo(201);
        return created.body().replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");
    }

    private static Optional<String> setCookie(HttpResponse<?> response, String name) {
        return response.headers().allValues("Set-Cookie").stream().filter(value -> value.startsWith(name + "=")).findFirst();
    }

    private static List<String> attributes(String setCookie) {
        return java.util.Arrays.stream(setCookie.split(";")).skip(1).map(part -> part.strip().toLowerCase()).toList();
    }

    /** A tiny browser: keeps cookies itself, because java.net.CookieManager holds back Secure cookies on plain HTTP. */
    private final class Client {

        private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

        private final Map<String, String> cookies = new LinkedHashMap<>();

        HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
            return send(request(path, headers).GET());
        }

        HttpResponse<String> post(String path, Map<String, String> form) throws IOException, InterruptedException {
            String body = form.entrySet().stream()
                .map(field -> URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
            return send(request(path, "Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body)));
        }

        HttpResponse<String> signIn(String login, String password, boolean rememberMe) throws IOException, InterruptedException {
            String csrf = Html.csrfToken(get("/login").body());
            Map<String, String> form = new LinkedHashMap<>(Map.of("username", login, "password", password, "_csrf", csrf));
            if (rememberMe) {
                form.put("remember-me", "true");
            }
            return post("/login", form);
        }

        HttpRequest.Builder request(String path, String... headers) {
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
            for (int i = 0; i < headers.length; i += 2) {
                builder.header(headers[i], headers[i + 1]);
            }
            if (!cookies.isEmpty()) {
                builder.header("Cookie", cookies.entrySet().stream().map(c -> c.getKey() + "=" + c.getValue()).collect(Collectors.joining("; ")));
            }
            return builder;
        }

        HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            for (String setCookie : response.headers().allValues("Set-Cookie")) {
                String[] nameValue = setCookie.split(";", 2)[0].split("=", 2);
                if (attributes(setCookie).contains("max-age=0")) {
                    cookies.remove(nameValue[0]);
                }
                else {
                    cookies.put(nameValue[0], nameValue[1]);
                }
            }
            return response;
        }

    }

    /** Remembers the idle timeout of every session the container creates. */
    static class SessionTimeouts implements HttpSessionListener {

        private final Map<String, Integer> maxInactiveSeconds = new ConcurrentHashMap<>();

        @Override
        public void sessionCreated(HttpSessionEvent event) {
            maxInactiveSeconds.put(event.getSession().getId(), event.getSession().getMaxInactiveInterval());
        }

        Integer maxInactiveSeconds(String sessionId) {
            return maxInactiveSeconds.get(sessionId);
        }

    }

    @Controller
    static class Boom {

        @GetMapping("/test-boom")
        String boom() {
            throw new IllegalStateException(BOOM_DETAIL);
        }

    }

    @TestConfiguration(proxyBeanMethods = false)
    static class TestOnlyBeans {

        @Bean
        SessionTimeouts sessionTimeouts() {
            return new SessionTimeouts();
        }

        @Bean
        Boom boom() {
            return new Boom();
        }

    }

}
