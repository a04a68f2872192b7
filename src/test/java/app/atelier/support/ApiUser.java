package app.atelier.support;

import java.time.Duration;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MockMvcTester.MockMvcRequestBuilder;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static app.atelier.support.Requests.basic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A freshly registered account with an API token, and bearer requests made as it through MockMvc. */
public record ApiUser(MockMvcTester mvc, long id, String name, String token) {

    public static final String PASSWORD = "lantern quince harbour";

    private static final JsonMapper json = JsonMapper.builder().build();

    public static ApiUser register(MockMvcTester mvc, String prefix) {
        String name = Unique.name(prefix);
        String address = Unique.address();
        assertThat(mvc.post().uri("/api/v1/accounts").remoteAddress(address).contentType(MediaType.APPLICATION_JSON)
            .content("{\"username\":\"%s\",\"email\":\"%s\",\"password\":\"%s\",\"acceptTerms\":true}".formatted(name, Unique.email(name),
                    PASSWORD))
            .exchange()).hasStatus(201);
        MvcTestResult token = mvc.post().uri("/api/v1/tokens").remoteAddress(address).header(HttpHeaders.AUTHORIZATION, basic(name, PASSWORD))
            .exchange();
        assertThat(token).hasStatus(201);
        String bearer = tree(token).path("token").asString();
        MvcTestResult me = mvc.get().uri("/api/v1/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + bearer).exchange();
        return new ApiUser(mvc, tree(me).path("id").asLong(), name, bearer);
    }

    public MvcTestResult get(String uri) {
        return as(mvc.get().uri(uri));
    }

    public MvcTestResult delete(String uri) {
        return as(mvc.delete().uri(uri));
    }

    public MvcTestResult post(String uri, String body) {
        return as(mvc.post().uri(uri).contentType(MediaType.APPLICATION_JSON).content(body));
    }

    public MvcTestResult put(String uri, String body) {
        return as(mvc.put().uri(uri).contentType(MediaType.APPLICATION_JSON).content(body));
    }

    /** Submits a generation, expecting {@code 202}, and waits for it to end. */
    public JsonNode generate(String body) {
        MvcTestResult submitted = post("/api/v1/generations", body);
        assertThat(submitted).hasStatus(202);
        return awaitEnd(tree(submitted).path("id").asLong());
    }

    /** Polls one of this user's generations until it has ended, and returns its last state. */
    public JsonNode awaitEnd(long generationId) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
            last[0] = tree(get("/api/v1/generations/" + generationId));
            return Set.of("succeeded", "failed", "cancelled").contains(last[0].path("status").asString());
        });
        return last[0];
    }

    public MvcTestResult as(MockMvcRequestBuilder request) {
        return request.header(HttpHeaders.AUTHORIZATION, "Bearer " + token).exchange();
    }

    @Override
    public String toString() {
        return "ApiUser[" + name + "]";
    }

    public static JsonNode tree(MvcTestResult result) {
        return json.readTree(result.getResponse().getContentAsByteArray());
    }

}
