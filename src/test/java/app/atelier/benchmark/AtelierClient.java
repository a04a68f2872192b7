package app.atelier.benchmark;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Atelier's public API and pages over HTTP, as a script or a browser would use them. */
final class AtelierClient {

    static final String PASSWORD = "lantern quince harbour";

    private static final JsonMapper json = JsonMapper.builder().build();

    private static final Pattern CSRF_INPUT = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

    private static final Pattern SESSION_COOKIE = Pattern.compile("ATELIER_SESSION=([^;]+)");

    private final HttpClient http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10))
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();

    private final String base;

    AtelierClient(String base) {
        this.base = base;
    }

    /** Registers an account, creates an API token for it and stores a (fake) Gemini API key. */
    User register(String name, String apiKey) throws IOException, InterruptedException {
        expect(201, send(request("/api/v1/accounts").setHeader("Content-Type", "application/json").POST(body(Map.of("username", name, "email", name + "@example.test",
                "password", PASSWORD, "acceptTerms", true)))));
        String basic = Base64.getEncoder().encodeToString((name + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> token = expect(201, send(request("/api/v1/tokens").header("Authorization", "Basic " + basic).setHeader("Content-Type", "application/json")
            .POST(body(Map.of("name", "benchmark")))));
        User user = new User(name, json.readTree(token.body()).path("token").asString());
        expect(200, send(user.authorize(request("/api/v1/credentials/gemini-api")).PUT(body(Map.of("apiKey", apiKey)))));
        return user;
    }

    /** POST /api/v1/generations; the 202 answer. */
    JsonNode submit(User user, String prompt) throws IOException, InterruptedException {
        return json.readTree(expect(202, send(user.authorize(request("/api/v1/generations"))
            .POST(body(Map.of("prompt", prompt, "count", 1))))).body());
    }

    /** Follows GET /api/v1/generations/{id}/events until the terminal status event, and returns its generation. */
    JsonNode awaitEnd(User user, long id) throws IOException, InterruptedException {
        HttpRequest events = user.authorize(request("/api/v1/generations/" + id + "/events"))
            .header("Accept", "text/event-stream")
            .timeout(Duration.ofMinutes(5))
            .GET()
            .build();
        HttpResponse<Stream<String>> response = http.send(events, HttpResponse.BodyHandlers.ofLines());
        try (Stream<String> lines = response.body()) {
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + events.uri() + " answered " + response.statusCode());
            }
            Iterator<String> each = lines.iterator();
            while (each.hasNext()) {
                String line = each.next();
                if (line.startsWith("data:")) {
                    JsonNode generation = json.readTree(line.substring(5));
                    if (terminal(generation.path("status").asString())) {
                        return generation;
                    }
                }
            }
        }
        throw new IllegalStateException("The events of generation " + id + " ended without a terminal status");
    }

    /** All of the user's generations, following the cursor. */
    List<JsonNode> history(User user) throws IOException, InterruptedException {
        List<JsonNode> all = new ArrayList<>();
        String cursor = null;
        do {
            String path = "/api/v1/generations?limit=100" + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
            JsonNode page = json.readTree(expect(200, send(user.authorize(request(path)).GET())).body());
            page.path("items").forEach(all::add);
            cursor = page.path("nextCursor").isNull() || page.path("nextCursor").isMissingNode() ? null : page.path("nextCursor").asString();
        }
        while (cursor != null);
        return all;
    }

    /** Signs in through the sign-in form, as a browser does; returns the session cookie. */
    String signIn(User user) throws IOException, InterruptedException {
        HttpResponse<String> form = expect(200, send(request("/login").GET()));
        String session = cookie(form);
        Matcher csrf = CSRF_INPUT.matcher(form.body());
        if (session == null || !csrf.find()) {
            throw new IllegalStateException("The sign-in page set no session or carried no CSRF token");
        }
        String fields = "username=" + URLEncoder.encode(user.name(), StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8) + "&_csrf=" + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8);
        HttpResponse<String> signedIn = expect(302, send(request("/login").header("Cookie", "ATELIER_SESSION=" + session)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(fields))));
        String location = signedIn.headers().firstValue("Location").orElse("");
        String renewed = cookie(signedIn);
        if (location.contains("error") || renewed == null) {
            throw new IllegalStateException("Signing in failed: redirected to " + location);
        }
        return renewed;
    }

    /** A GET as a signed-in browser (session cookie) or script (token); returns the status, failing on anything but 200. */
    void page(String path, @Nullable String session, @Nullable User user) throws IOException, InterruptedException {
        HttpRequest.Builder get = request(path).GET();
        if (session != null) {
            get.header("Cookie", "ATELIER_SESSION=" + session);
        }
        if (user != null) {
            user.authorize(get);
        }
        expect(200, send(get));
    }

    JsonNode getJson(String url) throws IOException, InterruptedException {
        return json.readTree(expect(200, http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString())).body());
    }

    boolean healthy() {
        try {
            return send(request("/actuator/health").timeout(Duration.ofSeconds(2)).GET()).statusCode() == 200;
        }
        catch (IOException ex) {
            return false;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static boolean terminal(String status) {
        return status.equals("succeeded") || status.equals("failed") || status.equals("cancelled");
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.BodyPublisher body(Map<String, ?> fields) {
        return HttpRequest.BodyPublishers.ofString(json.writeValueAsString(fields));
    }

    private static @Nullable String cookie(HttpResponse<?> response) {
        for (String header : response.headers().allValues("Set-Cookie")) {
            Matcher session = SESSION_COOKIE.matcher(header);
            if (session.find()) {
                return session.group(1);
            }
        }
        return null;
    }

    private static HttpResponse<String> expect(int status, HttpResponse<String> response) {
        if (response.statusCode() != status) {
            String body = response.body();
            throw new IllegalStateException(response.request().method() + " " + response.request().uri().getPath() + " answered "
                    + response.statusCode() + " instead of " + status + ": " + body.substring(0, Math.min(300, body.length())));
        }
        return response;
    }

    /** An account of the benchmark and its API token. */
    record User(String name, String token) {

        HttpRequest.Builder authorize(HttpRequest.Builder request) {
            return request.header("Authorization", "Bearer " + token).setHeader("Content-Type", "application/json");
        }

    }

}
