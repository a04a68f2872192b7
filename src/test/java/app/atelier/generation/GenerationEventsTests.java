package app.atelier.generation;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import app.atelier.provider.gemini.api.FakeGeminiApiAccess;
import app.atelier.support.ApiUser;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static app.atelier.support.ApiUser.tree;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /api/v1/generations/{id}/events} over a real HTTP connection: one status event per change, the last terminal. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "atelier.quota.tiers.free.per-minute=1000",
        "spring.application.name=generation-events" })
@AutoConfigureMockMvc
class GenerationEventsTests {

    static final FakeGeminiApiAccess api = new FakeGeminiApiAccess();

    static final JsonMapper json = JsonMapper.builder().build();

    @DynamicPropertySource
    static void pointAtTheFake(DynamicPropertyRegistry registry) {
        api.pointApplicationAt(registry);
    }

    @AfterAll
    static void stopFake() {
        api.close();
    }

    @Autowired
    MockMvcTester mvc;

    @LocalServerPort
    int port;

    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void streamsEachChangeUntilTheImagesAreThere() throws Exception {
        ApiUser user = slowUser();
        long id = tree(user.post("/api/v1/generations", "{\"prompt\": \"a slow river\", \"count\": 2}")).path("id").asLong();

        List<Event> events = stream(user, id);

        assertThat(events).isNotEmpty().allSatisfy(event -> assertThat(event.name()).isEqualTo("status"));
        List<String> statuses = events.stream().map(event -> event.data().path("status").asString()).toList();
        assertThat(statuses).doesNotHaveDuplicates().endsWith("succeeded");
        assertThat(statuses.get(0)).isIn("queued", "running");
        assertThat(statuses).contains("running");
        JsonNode last = events.get(events.size() - 1).data();
        assertThat(last.path("images")).hasSize(2);
        assertThat(last.path("images").get(0).path("thumbnailUrl").asString()).startsWith("/api/v1/images/");
        assertThat(last.path("elapsedMs").asLong()).isGreaterThanOrEqualTo(1000);
    }

    @Test
    void aClientThatConnectsAfterTheEndCatchesUpWithOneTerminalEvent() throws Exception {
        ApiUser user = slowUser();
        long id = tree(user.post("/api/v1/generations", "{\"prompt\": \"a late visitor\"}")).path("id").asLong();
        stream(user, id);

        List<Event> again = stream(user, id);

        assertThat(again).hasSize(1);
        assertThat(again.get(0).data().path("status").asString()).isEqualTo("succeeded");
        assertThat(again.get(0).data().path("images")).hasSize(1);
    }

    @Test
    void aCancellationEndsTheStream() throws Exception {
        ApiUser user = slowUser();
        long id = tree(user.post("/api/v1/generations", "{\"prompt\": \"never mind\"}")).path("id").asLong();
        Thread cancel = new Thread(() -> {
            sleep(Duration.ofMillis(300));
            user.delete("/api/v1/generations/" + id);
        });
        cancel.start();

        List<Event> events = stream(user, id);
        cancel.join();

        assertThat(events.get(events.size() - 1).data().path("status").asString()).isEqualTo("cancelled");
    }

    @Test
    void anotherUsersStreamIsNotFound() throws Exception {
        ApiUser owner = slowUser();
        ApiUser stranger = ApiUser.register(mvc, "events");
        long id = tree(owner.post("/api/v1/generations", "{\"prompt\": \"mine\"}")).path("id").asLong();

        HttpResponse<String> answer = http.send(request(stranger, id), HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(404);
        assertThat(answer.body()).doesNotContain("mine");
    }

    /** An API key the fake answers after two seconds, so the stream has time to show each state. */
    ApiUser slowUser() {
        ApiUser user = ApiUser.register(mvc, "events");
        assertThat(user.put("/api/v1/credentials/gemini-api", "{\"apiKey\": \"slow-key\"}")).hasStatus(200);
        return user;
    }

    List<Event> stream(ApiUser user, long id) throws Exception {
        HttpResponse<java.util.stream.Stream<String>> response = http.send(request(user, id), HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        List<Event> events = new ArrayList<>();
        String name = null;
        for (String line : (Iterable<String>) response.body()::iterator) {
            if (line.startsWith("event:")) {
                name = line.substring(6).strip();
            }
            else if (line.startsWith("data:")) {
                events.add(new Event(name, json.readTree(line.substring(5).strip())));
            }
        }
        return events;
    }

    HttpRequest request(ApiUser user, long id) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/generations/" + id + "/events"))
            .header("Authorization", "Bearer " + user.token())
            .header("Accept", "text/event-stream")
            .timeout(Duration.ofSeconds(30))
            .build();
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    record Event(String name, JsonNode data) {
    }

}
