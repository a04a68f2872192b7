package app.atelier.credentials;

import org.junit.jupiter.api.Test;

import app.atelier.support.Unique;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static app.atelier.credentials.CredentialsApiTests.PASSWORD;
import static app.atelier.credentials.CredentialsApiTests.assertProblem;
import static app.atelier.credentials.CredentialsApiTests.body;
import static app.atelier.credentials.CredentialsApiTests.tree;
import static app.atelier.support.Requests.basic;
import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(properties = "atelier.providers.gemini-web.enabled=false")
@AutoConfigureMockMvc
class CredentialsWebPathDisabledTests {

    @Autowired
    MockMvcTester mvc;

    @Autowired
    JdbcClient jdbc;

    @Test
    void refusesWebCookiesInEveryFormWhenTheWebPathIsSwitchedOff() {
        String token = token();

        MvcTestResult values = put(token, "{\"psid\": \"test-psid-off-C3\", \"psidts\": \"test-psidts-off-C3\"}");
        MvcTestResult paste = put(token, "{\"cookies\": \"__Secure-1PSID=test-psid-off-C3; __Secure-1PSIDTS=test-psidts-off-C3\"}");
        MvcTestResult garbage = put(token, "{\"cookies\": \"not cookies at all\"}");

        for (MvcTestResult refused : new MvcTestResult[] { values, paste, garbage }) {
            assertProblem(refused, 403, "provider_disabled");
            assertThat(tree(body(refused)).path("detail").asString()).contains("switched off on this installation");
            assertThat(body(refused)).doesNotContain("test-psid");
        }
        assertThat(jdbc.sql("SELECT COUNT(*) FROM credentials").query(Long.class).single()).isZero();
        MvcTestResult list = mvc.get().uri("/api/v1/credentials").header(HttpHeaders.AUTHORIZATION, "Bearer " + token).exchange();
        assertThat(list).hasStatus(200);
        assertThat(list).bodyJson().extractingPath("$.items").asArray().isEmpty();
    }

    private MvcTestResult put(String token, String body) {
        return mvc.put().uri("/api/v1/credentials/gemini-web").header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
            .contentType(MediaType.APPLICATION_JSON).content(body).exchange();
    }

    private String token() {
        String name = Unique.name("noweb");
        String address = Unique.address();
        assertThat(mvc.post().uri("/api/v1/accounts").remoteAddress(address).contentType(MediaType.APPLICATION_JSON)
            .content("{\"username\":\"%s\",\"email\":\"%s\",\"password\":\"%s\",\"acceptTerms\":true}".formatted(name, Unique.email(name),
                    PASSWORD))
            .exchange()).hasStatus(201);
        MvcTestResult token = mvc.post().uri("/api/v1/tokens").remoteAddress(address).header(HttpHeaders.AUTHORIZATION, basic(name, PASSWORD))
            .exchange();
        assertThat(token).hasStatus(201);
        return tree(body(token)).path("token").asString();
    }

}
