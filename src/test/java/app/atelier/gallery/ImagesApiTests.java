package app.atelier.gallery;

import java.awt.image.BufferedImage;
import java.util.Set;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import app.atelier.storage.ImageStore;
import app.atelier.storage.StoredImage;
import app.atelier.storage.TestImages;
import app.atelier.support.Browser;
import app.atelier.support.Unique;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MockMvcTester.MockMvcRequestBuilder;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static app.atelier.support.Requests.basic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

/** {@code /api/v1/images/{id}} as api-v1.md describes it, on images stored through the real image store. */
@SpringBootTest
@AutoConfigureMockMvc
class ImagesApiTests {

    static final String PASSWORD = "copper meadow lantern";

    /** The image of api-v1.md, and {@code favourite}, which ImageJson adds to it. */
    static final Set<String> IMAGE_FIELDS = Set.of("id", "generationId", "prompt", "style", "aspectRatio", "provider", "width", "height",
            "mimeType", "bytes", "createdAt", "url", "thumbnailUrl", "shareUrl", "favourite");

    private static final JsonMapper json = JsonMapper.builder().build();

    @Autowired
    MockMvcTester mvc;

    @Autowired
    Images images;

    @Autowired
    ImageStore store;

    @Autowired
    JdbcClient jdbc;

    @Test
    void showsAnImageWithExactlyTheFieldsOfTheContract() {
        User ada = user();
        Seeded seeded = seed(ada, TestImages.png(640, 360, seed()), "image/png");

        MvcTestResult shown = get(ada, "/api/v1/images/" + seeded.id());

        assertThat(shown).hasStatus(200).hasContentTypeCompatibleWith(MediaType.APPLICATION_JSON);
        JsonNode image = json.readTree(shown.getResponse().getContentAsByteArray());
        assertThat(Set.copyOf(image.propertyNames())).isEqualTo(IMAGE_FIELDS);
        assertThat(image.path("id").asLong()).isEqualTo(seeded.id());
        assertThat(image.path("generationId").asLong()).isEqualTo(seeded.image().generationId());
        assertThat(image.path("prompt").asString()).isEqualTo("a lighthouse at dusk");
        assertThat(image.path("style").asString()).isEqualTo("cinematic-photo");
        assertThat(image.path("aspectRatio").asString()).isEqualTo("1:1");
        assertThat(image.path("provider").asString()).isEqualTo("gemini-api");
        assertThat(image.path("width").asInt()).isEqualTo(640);
        assertThat(image.path("height").asInt()).isEqualTo(360);
        assertThat(image.path("mimeType").asString()).isEqualTo("image/png");
        assertThat(image.path("bytes").asLong()).isEqualTo(seeded.stored().size());
        assertThat(image.path("createdAt").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
        assertThat(image.path("url").asString()).isEqualTo("/api/v1/images/" + seeded.id() + "/content");
        assertThat(image.path("thumbnailUrl").asString()).isEqualTo("/api/v1/images/" + seeded.id() + "/thumbnail");
        assertThat(image.path("shareUrl").isNull()).isTrue();
        assertThat(image.path("favourite").isBoolean()).isTrue();
        assertThat(image.path("favourite").asBoolean()).isFalse();
    }

    @Test
    void servesTheBytesWithTheirTypeAnETagAndPrivateCaching() {
        User ada = user();
        byte[] jpeg = TestImages.jpeg(320, 200, seed());
        Seeded seeded = seed(ada, jpeg, "image/jpeg");

        MvcTestResult content = get(ada, "/api/v1/images/" + seeded.id() + "/content");

        assertThat(content).hasStatus(200).hasContentType("image/jpeg");
        assertThat(content.getResponse().getContentAsByteArray()).isEqualTo(jpeg);
        assertThat(content.getResponse().getContentLength()).isEqualTo(jpeg.length);
        String etag = content.getResponse().getHeader(HttpHeaders.ETAG);
        assertThat(etag).isEqualTo("\"" + seeded.stored().key() + "\"");
        assertThat(content.getResponse().getHeader(HttpHeaders.CACHE_CONTROL)).isEqualTo("max-age=31536000, private, immutable");
    }

    @Test
    void answersNotModifiedWhenTheBrowserHasTheBytesAlready() {
        User ada = user();
        Seeded seeded = seed(ada, TestImages.png(50, 50, seed()), "image/png");
        String uri = "/api/v1/images/" + seeded.id() + "/content";
        String etag = get(ada, uri).getResponse().getHeader(HttpHeaders.ETAG);

        MvcTestResult same = exchange(ada, mvc.get().uri(uri).header(HttpHeaders.IF_NONE_MATCH, etag));
        MvcTestResult weak = exchange(ada, mvc.get().uri(uri).header(HttpHeaders.IF_NONE_MATCH, "W/" + etag));
        MvcTestResult other = exchange(ada, mvc.get().uri(uri).header(HttpHeaders.IF_NONE_MATCH, "\"something-else\""));

        assertThat(same).hasStatus(304);
        assertThat(same.getResponse().getContentAsByteArray()).isEmpty();
        assertThat(same.getResponse().getHeader(HttpHeaders.ETAG)).isEqualTo(etag);
        assertThat(same.getResponse().getHeader(HttpHeaders.CACHE_CONTROL)).contains("private");
        assertThat(weak).hasStatus(304);
        assertThat(other).hasStatus(200);
    }

    @Test
    void servesAThumbnailWhoseLongestSideIsAtMost512Pixels() {
        User ada = user();
        Seeded wide = seed(ada, TestImages.png(1600, 900, seed()), "image/png");
        Seeded tall = seed(ada, TestImages.jpeg(600, 1000, seed()), "image/jpeg");

        MvcTestResult wideThumbnail = get(ada, "/api/v1/images/" + wide.id() + "/thumbnail");
        MvcTestResult tallThumbnail = get(ada, "/api/v1/images/" + tall.id() + "/thumbnail");

        assertThat(wideThumbnail).hasStatus(200).hasContentType("image/png");
        BufferedImage wideImage = TestImages.decode(wideThumbnail.getResponse().getContentAsByteArray());
        assertThat(wideImage.getWidth()).isEqualTo(512);
        assertThat(wideImage.getHeight()).isEqualTo(288);
        assertThat(tallThumbnail).hasStatus(200).hasContentType("image/jpeg");
        BufferedImage tallImage = TestImages.decode(tallThumbnail.getResponse().getContentAsByteArray());
        assertThat(Math.max(tallImage.getWidth(), tallImage.getHeight())).isEqualTo(512);
        assertThat(wideThumbnail.getResponse().getHeader(HttpHeaders.ETAG)).isEqualTo("\"" + wide.stored().thumbnailKey() + "\"");
        assertThat(wideThumbnail.getResponse().getHeader(HttpHeaders.CACHE_CONTROL)).contains("private");
    }

    @Test
    void deletesAnImageAndItsBytes() {
        User ada = user();
        Seeded seeded = seed(ada, TestImages.png(200, 100, seed()), "image/png");

        MvcTestResult deleted = delete(ada, "/api/v1/images/" + seeded.id());

        assertThat(deleted).hasStatus(204);
        assertThat(deleted.getResponse().getContentAsByteArray()).isEmpty();
        assertThat(store.open(seeded.stored().key())).isEmpty();
        assertThat(store.open(seeded.stored().thumbnailKey())).isEmpty();
        assertProblem(get(ada, "/api/v1/images/" + seeded.id()), 404, "not_found");
        assertProblem(get(ada, "/api/v1/images/" + seeded.id() + "/content"), 404, "not_found");
        assertProblem(get(ada, "/api/v1/images/" + seeded.id() + "/thumbnail"), 404, "not_found");
        assertProblem(delete(ada, "/api/v1/images/" + seeded.id()), 404, "not_found");
    }

    @Test
    void keepsBytesThatAnotherImageSharesWhenOneIsDeleted() {
        User ada = user();
        User bob = user();
        byte[] png = TestImages.png(120, 120, seed());
        Seeded adas = seed(ada, png, "image/png");
        Seeded bobs = seed(bob, png, "image/png");
        assertThat(bobs.stored().key()).isEqualTo(adas.stored().key());

        assertThat(delete(ada, "/api/v1/images/" + adas.id())).hasStatus(204);

        assertThat(store.open(bobs.stored().key())).isPresent();
        MvcTestResult content = get(bob, "/api/v1/images/" + bobs.id() + "/content");
        assertThat(content).hasStatus(200);
        assertThat(content.getResponse().getContentAsByteArray()).isEqualTo(png);
        assertThat(get(bob, "/api/v1/images/" + bobs.id() + "/thumbnail")).hasStatus(200);

        assertThat(delete(bob, "/api/v1/images/" + bobs.id())).hasStatus(204);
        assertThat(store.open(bobs.stored().key())).isEmpty();
        assertThat(store.open(bobs.stored().thumbnailKey())).isEmpty();
    }

    @Test
    void anotherUsersImageIsNotFoundOnEveryEndpoint() {
        User owner = user();
        User other = user();
        byte[] png = TestImages.png(80, 60, seed());
        Seeded seeded = seed(owner, png, "image/png");
        String uri = "/api/v1/images/" + seeded.id();

        assertProblem(get(other, uri), 404, "not_found");
        assertProblem(get(other, uri + "/content"), 404, "not_found");
        assertProblem(exchange(other, mvc.get().uri(uri + "/content").accept(MediaType.IMAGE_PNG)), 404, "not_found");
        assertProblem(exchange(other, mvc.get().uri(uri + "/content").header(HttpHeaders.IF_NONE_MATCH, "*")), 404, "not_found");
        assertProblem(get(other, uri + "/thumbnail"), 404, "not_found");
        assertProblem(delete(other, uri), 404, "not_found");
        assertProblem(get(other, "/api/v1/images/999999999"), 404, "not_found");
        assertProblem(get(other, "/api/v1/images/not-a-number/content"), 404, "not_found");
        assertProblem(delete(other, "/api/v1/images/99999999999999999999999"), 404, "not_found");

        assertThat(get(owner, uri)).hasStatus(200);
        assertThat(get(owner, uri + "/content").getResponse().getContentAsByteArray()).isEqualTo(png);
        assertThat(store.open(seeded.stored().key())).isPresent();
    }

    @Test
    void refusesCallersWithoutAValidToken() {
        User ada = user();
        Seeded seeded = seed(ada, TestImages.png(30, 30, seed()), "image/png");
        String uri = "/api/v1/images/" + seeded.id();

        assertProblem(mvc.get().uri(uri).exchange(), 401, "unauthorized");
        assertProblem(mvc.get().uri(uri + "/content").exchange(), 401, "unauthorized");
        assertProblem(mvc.get().uri(uri + "/thumbnail").exchange(), 401, "unauthorized");
        assertProblem(mvc.delete().uri(uri).exchange(), 401, "unauthorized");
        assertProblem(mvc.get().uri(uri + "/content").header(HttpHeaders.AUTHORIZATION, "Bearer atl_nope").exchange(), 401,
                "unauthorized");
        assertThat(images.find(ada.id(), seeded.id())).isPresent();
    }

    @Test
    void worksWithASignedInSessionThatSendsTheCsrfTokenToDelete() {
        User ada = user();
        Seeded seeded = seed(ada, TestImages.png(30, 20, seed()), "image/png");
        String uri = "/api/v1/images/" + seeded.id();
        Browser browser = new Browser(mvc).signedIn(ada.name(), PASSWORD);

        MvcTestResult thumbnail = browser.exchange(mvc.get().uri(uri + "/thumbnail"));
        MvcTestResult withoutCsrf = browser.exchange(mvc.delete().uri(uri));
        MvcTestResult deleted = browser.exchange(mvc.delete().uri(uri).with(csrf().asHeader()));

        assertThat(thumbnail).hasStatus(200);
        assertProblem(withoutCsrf, 403, "forbidden");
        assertThat(deleted).hasStatus(204);
        assertThat(images.find(ada.id(), seeded.id())).isEmpty();
    }

    record User(long id, String name, String token) {
    }

    record Seeded(Image image, StoredImage stored) {

        long id() {
            return image.id();
        }

    }

    private static int seed() {
        return (int) (System.nanoTime() & 0xFFFFFF);
    }

    Seeded seed(User user, byte[] bytes, String mimeType) {
        StoredImage stored = store.put(bytes, mimeType);
        return new Seeded(images.add(GalleryRows.newImage(jdbc, user.id(), stored)), stored);
    }

    User user() {
        String name = Unique.name("gal");
        String address = Unique.address();
        assertThat(mvc.post().uri("/api/v1/accounts").remoteAddress(address).contentType(MediaType.APPLICATION_JSON)
            .content("{\"username\":\"%s\",\"email\":\"%s\",\"password\":\"%s\",\"acceptTerms\":true}".formatted(name, Unique.email(name),
                    PASSWORD))
            .exchange()).hasStatus(201);
        MvcTestResult token = mvc.post().uri("/api/v1/tokens").remoteAddress(address).header(HttpHeaders.AUTHORIZATION, basic(name, PASSWORD))
            .exchange();
        assertThat(token).hasStatus(201);
        String bearer = json.readTree(token.getResponse().getContentAsByteArray()).path("token").asString();
        MvcTestResult me = mvc.get().uri("/api/v1/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + bearer).exchange();
        return new User(json.readTree(me.getResponse().getContentAsByteArray()).path("id").asLong(), name, bearer);
    }

    MvcTestResult get(User user, String uri) {
        return exchange(user, mvc.get().uri(uri));
    }

    MvcTestResult delete(User user, String uri) {
        return exchange(user, mvc.delete().uri(uri));
    }

    MvcTestResult exchange(User user, MockMvcRequestBuilder request) {
        return request.header(HttpHeaders.AUTHORIZATION, "Bearer " + user.token()).exchange();
    }

    static void assertProblem(MvcTestResult result, int status, String code) {
        assertThat(result).hasStatus(status);
        assertThat(result).hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(result).bodyJson().extractingPath("$.code").isEqualTo(code);
        assertThat(result).bodyJson().extractingPath("$.status").isEqualTo(status);
    }

}
