package app.atelier.style;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import app.atelier.support.Unique;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static app.atelier.support.Requests.basic;
import static app.atelier.support.Requests.from;
import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest
@AutoConfigureMockMvc
class StylesApiTests {

    private static final String PASSWORD = "heron saffron lattice";

    private static final JsonMapper json = JsonMapper.builder().build();

    @Autowired
    MockMvcTester mvc;

    @Autowired
    Styles styles;

    @Test
    void listsEveryPresetInFileOrderWithoutItsPromptSuffix() throws Exception {
        MvcTestResult result = mvc.get().uri("/api/v1/styles").header(HttpHeaders.AUTHORIZATION, "Bearer " + token()).exchange();
        assertThat(result).hasStatus(200).hasContentTypeCompatibleWith(MediaType.APPLICATION_JSON);
        JsonNode root = json.readTree(result.getResponse().getContentAsString());
        assertThat(root.propertyNames()).containsExactly("items");
        JsonNode items = root.get("items");
        assertThat(items.size()).isEqualTo(styles.list().size()).isGreaterThanOrEqualTo(25);
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            Style style = styles.list().get(i);
            assertThat(item.propertyNames()).containsExactlyInAnyOrder("id", "name", "group", "groupName");
            assertThat(item.get("id").asString()).isEqualTo(style.id());
            assertThat(item.get("name").asString()).isEqualTo(style.name());
            assertThat(item.get("group").asString()).isEqualTo(style.group());
            assertThat(item.get("groupName").asString()).isEqualTo(styles.groupOf(style).name());
        }
        assertThat(items.get(0).get("id").asString()).isEqualTo("cinematic-photo");
        assertThat(items.get(0).get("groupName").asString()).isEqualTo("Photo");
        assertThat(result.getResponse().getContentAsString()).doesNotContain(styles.list().get(0).prompt());
    }

    @Test
    void refusesCallersWithoutCredentials() {
        MvcTestResult anonymous = mvc.get().uri("/api/v1/styles").exchange();
        assertThat(anonymous).hasStatus(401).hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(anonymous).bodyJson().extractingPath("$.code").isEqualTo("unauthorized");
        MvcTestResult badToken = mvc.get().uri("/api/v1/styles").header(HttpHeaders.AUTHORIZATION, "Bearer atl_nope").exchange();
        assertThat(badToken).hasStatus(401);
        assertThat(badToken).bodyJson().extractingPath("$.code").isEqualTo("unauthorized");
    }

    private String token() throws Exception {
        String name = Unique.name("styles");
        assertThat(mvc.post().uri("/api/v1/accounts").with(from(Unique.address())).contentType(MediaType.APPLICATION_JSON)
            .content("""
                    {"username":"%s","email":"%s","password":"%s","acceptTerms":true}""".formatted(name, Unique.email(name), PASSWORD))
            .exchange()).hasStatus(201);
        MvcTestResult created = mvc.post().uri("/api/v1/tokens").with(from(Unique.address()))
            .header(HttpHeaders.AUTHORIZATION, basic(name, PASSWORD)).exchange();
        assertThat(created).hasStatus(201);
        return json.readTree(created.getResponse().getContentAsString()).get("token").asString();
    }

}
