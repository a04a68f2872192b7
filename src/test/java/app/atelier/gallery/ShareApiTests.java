package app.atelier.gallery;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import app.atelier.storage.ImageStore;
import app.atelier.storage.TestImages;
import app.atelier.support.ApiUser;
import app.atelier.support.Html;
import app.atelier.support.MutableClock;
import app.atelier.support.TestClockConfiguration;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static app.atelier.gallery.ImageListApiTests.assertFields;
import static app.atelier.gallery.ImagesApiTests.assertProblem;
import static app.atelier.support.ApiUser.tree;
import static org.assertj.core.api.Assertions.assertThat;

/** Share links over the API, and the public page and image they open for anyone without signing in. */
@SpringBootTest
@AutoConfigureMockMvc
@Import(TestClockConfiguration.class)
class ShareApiTests {

    private static final String PROMPT = "a paper boat sailing down a rainy street";

    @Autowired
    MockMvcTester mvc;

    @Autowired
    Images images;

    @Autowired
    ImageStore store;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MutableClock clock;

    SeededImages seeded;

    @BeforeEach
    void seeder() {
        seeded = new SeededImages(images, store, jdbc);
        clock.set(Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }

    @AfterEach
    void resetClock() {
        clock.set(Instant.now());
    }

    @Test
    void sharesAnImageWithAnUnguessableLinkThatTheImageThenShows() {
        ApiUser ada = ApiUser.register(mvc, "share");
        Image image = seeded.add(ada.id(), PROMPT);

        MvcTestResult shared = ada.post("/api/v1/images/" + image.id() + "/share", "{}");

        assertThat(shared).hasStatus(201).hasContentTypeCompatibleWith(MediaType.APPLICATION_JSON);
        JsonNode link = tree(shared);
        assertThat(link.propertyNames()).containsExactlyInAnyOrder("url", "expiresAt");
        assertThat(link.path("expiresAt").isNull()).as("no expiry asked, none given").isTrue();
        String url = link.path("url").asString();
        assertThat(url).matches("http://localhost/s/[A-Za-z0-9_-]+");
        assertThat(Base64.getUrlDecoder().decode(token(url))).as("at least 128 random bits").hasSizeGreaterThanOrEqualTo(16);
        assertThat(tree(ada.get("/api/v1/images/" + image.id())).path("shareUrl").asString()).isEqualTo(url);
        assertThat(tree(ada.get("/api/v1/images")).path("items").get(0).path("shareUrl").asString()).isEqualTo(url);
        assertThat(token(url)).isNotEqualTo(token(url(ada.post("/api/v1/images/" + seeded.add(ada.id(), "x").id() + "/share", "{}"))));
    }

    @Test
    void sharesWithoutABodyAndWithAnExpiry() {
        ApiUser ada = ApiUser.register(mvc, "expiry");
        Image forever = seeded.add(ada.id(), PROMPT);
        Image week = seeded.add(ada.id(), PROMPT);

        MvcTestResult noBody = ada.as(mvc.post().uri("/api/v1/images/" + forever.id() + "/share"));
        MvcTestResult sevenDays = ada.post("/api/v1/images/" + week.id() + "/share", "{\"expiresInDays\": 7}");
        MvcTestResult longest = ada.post("/api/v1/images/" + week.id() + "/share", "{\"expiresInDays\": 3650}");

        assertThat(noBody).hasStatus(201);
        assertThat(tree(noBody).path("expiresAt").isNull()).isTrue();
        assertThat(sevenDays).hasStatus(201);
        assertThat(Instant.parse(tree(sevenDays).path("expiresAt").asString())).isEqualTo(clock.instant().plus(Duration.ofDays(7)));
        assertThat(longest).hasStatus(201);
        assertThat(Instant.parse(tree(longest).path("expiresAt").asString())).isEqualTo(clock.instant().plus(Duration.ofDays(3650)));
    }

    @Test
    void thePublicPageShowsTheImageAndPromptWithOpenGraphTagsAndNothingAboutTheOwner() {
        ApiUser ada = ApiUser.register(mvc, "page");
        Image image = seeded.add(ada.id(), PROMPT, TestImages.png(640, 360, SeededImages.nextSeed()), "image/png");
        seeded.add(ada.id(), "a private sketch of my neighbour's garden");
        String url = url(ada.post("/api/v1/images/" + image.id() + "/share", "{}"));
        String token = token(url);

        MvcTestResult page = mvc.get().uri("/s/" + token).exchange();

        assertThat(page).hasStatus(200).hasContentTypeCompatibleWith(MediaType.TEXT_HTML);
        String html = html(page);
        assertThat(html).contains(PROMPT)
            .contains("<img src=\"/s/" + token + "/image\"")
            .contains("<meta property=\"og:title\" content=\"" + PROMPT + "\">")
            .contains("<meta property=\"og:image\" content=\"" + url + "/image\">")
            .contains("<meta property=\"og:url\" content=\"" + url + "\">")
            .contains("<meta property=\"og:image:width\" content=\"640\">")
            .contains("<meta name=\"twitter:card\" content=\"summary_large_image\">");
        assertThat(html).doesNotContain(ada.name())
            .doesNotContain("@example.com")
            .doesNotContain("neighbour")
            .doesNotContain("/api/v1/")
            .doesNotContain("csrf")
            .doesNotContain("Sign out");
        Html.assertNoInlineCode(html);
        assertThat(page.getResponse().getHeader("Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(page.getResponse().getHeader("X-Robots-Tag")).isEqualTo("noindex");
        assertThat(page.getResponse().getHeader("Content-Security-Policy")).contains("script-src 'self'");
    }

    @Test
    void thePageTitleIsTheFirst70CharactersOfALongPrompt() {
        ApiUser ada = ApiUser.register(mvc, "title");
        String prompt = "a very long prompt   about a harbour town at dawn with fishing boats, gulls, nets, ropes and a lighthouse";
        Image image = seeded.add(ada.id(), prompt);
        String token = token(url(ada.post("/api/v1/images/" + image.id() + "/share", "{}")));

        String html = html(mvc.get().uri("/s/" + token).exchange());

        assertThat(html).contains("<meta property=\"og:title\" content=\"a very long prompt about a harbour town at dawn with fishing boats, g…\">")
            .contains(prompt);
    }

    @Test
    void theSharedImageServesItsBytesToAnyoneWithAnETag() {
        ApiUser ada = ApiUser.register(mvc, "bytes");
        byte[] jpeg = TestImages.jpeg(320, 200, SeededImages.nextSeed());
        Image image = seeded.add(ada.id(), PROMPT, jpeg, "image/jpeg");
        String token = token(url(ada.post("/api/v1/images/" + image.id() + "/share", "{}")));

        MvcTestResult bytes = mvc.get().uri("/s/" + token + "/image").exchange();

        assertThat(bytes).hasStatus(200).hasContentType("image/jpeg");
        assertThat(bytes.getResponse().getContentAsByteArray()).isEqualTo(jpeg);
        String etag = bytes.getResponse().getHeader(HttpHeaders.ETAG);
        assertThat(etag).startsWith("\"").endsWith("\"");
        assertThat(bytes.getResponse().getHeader(HttpHeaders.CACHE_CONTROL)).contains("no-cache").contains("private");
        MvcTestResult again = mvc.get().uri("/s/" + token + "/image").header(HttpHeaders.IF_NONE_MATCH, etag).exchange();
        assertThat(again).hasStatus(304);
        assertThat(again.getResponse().getContentAsByteArray()).isEmpty();
    }

    @Test
    void anExpiredLinkAnswersNotFoundAndLeavesTheImage() {
        ApiUser ada = ApiUser.register(mvc, "expired");
        Image image = seeded.add(ada.id(), PROMPT);
        String token = token(url(ada.post("/api/v1/images/" + image.id() + "/share", "{\"expiresInDays\": 1}")));

        clock.advance(Duration.ofDays(1).minusSeconds(1));
        assertThat(mvc.get().uri("/s/" + token).exchange()).hasStatus(200);
        assertThat(mvc.get().uri("/s/" + token + "/image").exchange()).hasStatus(200);

        clock.advance(Duration.ofSeconds(1));
        assertThat(mvc.get().uri("/s/" + token).exchange()).hasStatus(404);
        assertThat(mvc.get().uri("/s/" + token + "/image").exchange()).hasStatus(404);
        assertThat(tree(ada.get("/api/v1/images/" + image.id())).path("shareUrl").isNull()).isTrue();
        assertThat(tree(ada.get("/api/v1/images")).path("items").get(0).path("shareUrl").isNull()).isTrue();
        assertThat(ada.get("/api/v1/images/" + image.id() + "/content")).hasStatus(200);
    }

    @Test
    void sharingAgainReplacesTheLink() {
        ApiUser ada = ApiUser.register(mvc, "again");
        Image image = seeded.add(ada.id(), PROMPT);
        String old = token(url(ada.post("/api/v1/images/" + image.id() + "/share", "{}")));

        String url = url(ada.post("/api/v1/images/" + image.id() + "/share", "{\"expiresInDays\": 30}"));

        assertThat(token(url)).isNotEqualTo(old);
        assertThat(mvc.get().uri("/s/" + old).exchange()).hasStatus(404);
        assertThat(mvc.get().uri("/s/" + old + "/image").exchange()).hasStatus(404);
        assertThat(mvc.get().uri("/s/" + token(url)).exchange()).hasStatus(200);
        assertThat(tree(ada.get("/api/v1/images/" + image.id())).path("shareUrl").asString()).isEqualTo(url);
    }

    @Test
    void unsharingStopsTheLinkAtOnce() {
        ApiUser ada = ApiUser.register(mvc, "unshare");
        Image image = seeded.add(ada.id(), PROMPT);
        Image never = seeded.add(ada.id(), "never shared");
        String token = token(url(ada.post("/api/v1/images/" + image.id() + "/share", "{}")));
        assertThat(mvc.get().uri("/s/" + token).exchange()).hasStatus(200);

        MvcTestResult unshared = ada.delete("/api/v1/images/" + image.id() + "/share");

        assertThat(unshared).hasStatus(204);
        assertThat(unshared.getResponse().getContentAsByteArray()).isEmpty();
        assertThat(mvc.get().uri("/s/" + token).exchange()).hasStatus(404);
        assertThat(mvc.get().uri("/s/" + token + "/image").exchange()).hasStatus(404);
        assertThat(tree(ada.get("/api/v1/images/" + image.id())).path("shareUrl").isNull()).isTrue();
        assertThat(ada.delete("/api/v1/images/" + image.id() + "/share")).as("unsharing twice is fine").hasStatus(204);
        assertThat(ada.delete("/api/v1/images/" + never.id() + "/share")).hasStatus(204);
    }

    @Test
    void deletingTheImageEndsItsLink() {
        ApiUser ada = ApiUser.register(mvc, "gone");
        Image image = seeded.add(ada.id(), PROMPT);
        String token = token(url(ada.post("/api/v1/images/" + image.id() + "/share", "{}")));

        assertThat(ada.delete("/api/v1/images/" + image.id())).hasStatus(204);

        assertThat(mvc.get().uri("/s/" + token).exchange()).hasStatus(404);
        assertThat(mvc.get().uri("/s/" + token + "/image").exchange()).hasStatus(404);
    }

    @Test
    void refusesAnExpiryOutsideOneDayToTenYears() {
        ApiUser ada = ApiUser.register(mvc, "days");
        Image image = seeded.add(ada.id(), PROMPT);
        String uri = "/api/v1/images/" + image.id() + "/share";

        assertFields(ada.post(uri, "{\"expiresInDays\": 0}"), "expiresInDays");
        assertFields(ada.post(uri, "{\"expiresInDays\": -3}"), "expiresInDays");
        assertFields(ada.post(uri, "{\"expiresInDays\": 3651}"), "expiresInDays");
        assertProblem(ada.post(uri, "{\"expiresInDays\": \"soon\"}"), 422, "validation_failed");
        assertThat(tree(ada.get("/api/v1/images/" + image.id())).path("shareUrl").isNull()).as("nothing shared").isTrue();
    }

    @Test
    void anotherUsersImageCannotBeSharedOrUnshared() {
        ApiUser ada = ApiUser.register(mvc, "owner");
        ApiUser bob = ApiUser.register(mvc, "stranger");
        Image shared = seeded.add(ada.id(), PROMPT);
        Image plain = seeded.add(ada.id(), "not shared");
        String token = token(url(ada.post("/api/v1/images/" + shared.id() + "/share", "{}")));

        assertProblem(bob.post("/api/v1/images/" + plain.id() + "/share", "{}"), 404, "not_found");
        assertProblem(bob.post("/api/v1/images/" + shared.id() + "/share", "{\"expiresInDays\": 1}"), 404, "not_found");
        assertProblem(bob.delete("/api/v1/images/" + shared.id() + "/share"), 404, "not_found");
        assertProblem(bob.post("/api/v1/images/999999999/share", "{}"), 404, "not_found");
        assertProblem(bob.delete("/api/v1/images/not-a-number/share"), 404, "not_found");

        assertThat(mvc.get().uri("/s/" + token).exchange()).hasStatus(200);
        assertThat(tree(ada.get("/api/v1/images/" + plain.id())).path("shareUrl").isNull()).isTrue();
        assertThat(tree(ada.get("/api/v1/images/" + shared.id())).path("shareUrl").asString()).endsWith("/s/" + token);
    }

    @Test
    void unknownTokensAnswerNotFound() {
        assertThat(mvc.get().uri("/s/no-such-token").exchange()).hasStatus(404);
        assertThat(mvc.get().uri("/s/no-such-token/image").exchange()).hasStatus(404);
        assertThat(mvc.get().uri("/s/" + "x".repeat(300)).exchange()).hasStatus(404);
    }

    @Test
    void sharingNeedsSignIn() {
        assertProblem(mvc.post().uri("/api/v1/images/1/share").contentType(MediaType.APPLICATION_JSON).content("{}").exchange(), 401,
                "unauthorized");
        assertProblem(mvc.delete().uri("/api/v1/images/1/share").exchange(), 401, "unauthorized");
    }

    static String url(MvcTestResult shared) {
        assertThat(shared).hasStatus(201);
        return tree(shared).path("url").asString();
    }

    static String html(MvcTestResult page) {
        return new String(page.getResponse().getContentAsByteArray(), StandardCharsets.UTF_8);
    }

    static String token(String url) {
        return url.substring(url.lastIndexOf('/') + 1);
    }

}
