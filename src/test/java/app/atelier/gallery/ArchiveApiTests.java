package app.atelier.gallery;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import app.atelier.storage.ImageStore;
import app.atelier.storage.TestImages;
import app.atelier.support.ApiUser;
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
import static org.assertj.core.api.Assertions.assertThat;

/** {@code POST /api/v1/images/archive}: the chosen images of the caller as one streamed ZIP file. */
@SpringBootTest
@AutoConfigureMockMvc
@Import(TestClockConfiguration.class)
class ArchiveApiTests {

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
    }

    @AfterEach
    void resetClock() {
        clock.set(Instant.now());
    }

    @Test
    void zipsTheChosenImagesNamedByDateAndPromptWithTheirStoredBytes() {
        ApiUser ada = ApiUser.register(mvc, "zip");
        byte[] png = TestImages.png(64, 48, SeededImages.nextSeed());
        byte[] jpeg = TestImages.jpeg(80, 60, SeededImages.nextSeed());
        byte[] gif = TestImages.gif(20, 20, SeededImages.nextSeed());
        clock.set(Instant.parse("2026-03-10T08:05:09.250Z"));
        Image lighthouse = seeded.add(ada.id(), "A Lighthouse at Dusk, stormy sea!", png, "image/png");
        clock.set(Instant.parse("2026-04-01T23:59:59Z"));
        Image cafe = seeded.add(ada.id(), "Café crème on a rainy morning", jpeg, "image/jpeg");
        Image tokyo = seeded.add(ada.id(), "東京の夜", gif, "image/gif");
        seeded.add(ada.id(), "not chosen");
        clock.set(Instant.parse("2026-04-02T10:00:00Z"));

        MvcTestResult archive = ada.post("/api/v1/images/archive", ids(tokyo.id(), lighthouse.id(), cafe.id()));

        assertThat(archive).hasStatus(200).hasContentType("application/zip");
        assertThat(archive.getResponse().getHeader(HttpHeaders.CONTENT_DISPOSITION))
            .isEqualTo("attachment; filename=\"atelier-2026-04-02-3-images.zip\"");
        Map<String, byte[]> entries = unzip(archive);
        assertThat(entries).containsOnlyKeys("2026-03-10_080509_a-lighthouse-at-dusk-stormy-sea_" + lighthouse.id() + ".png",
                "2026-04-01_235959_cafe-creme-on-a-rainy-morning_" + cafe.id() + ".jpg", "2026-04-01_235959_" + tokyo.id() + ".gif");
        assertThat(entries.get("2026-03-10_080509_a-lighthouse-at-dusk-stormy-sea_" + lighthouse.id() + ".png")).isEqualTo(png);
        assertThat(entries.get("2026-04-01_235959_cafe-creme-on-a-rainy-morning_" + cafe.id() + ".jpg")).isEqualTo(jpeg);
        assertThat(entries.get("2026-04-01_235959_" + tokyo.id() + ".gif")).isEqualTo(gif);
    }

    @Test
    void namesEveryEntryLikeThisAndSaysOneImageForOne() {
        ApiUser ada = ApiUser.register(mvc, "one");
        Image image = seeded.add(ada.id(), "a quiet forest");

        MvcTestResult archive = ada.post("/api/v1/images/archive", ids(image.id()));

        assertThat(archive).hasStatus(200);
        assertThat(archive.getResponse().getHeader(HttpHeaders.CONTENT_DISPOSITION)).startsWith("attachment; filename=\"atelier-")
            .endsWith("-1-image.zip\"");
        assertThat(unzip(archive).keySet()).singleElement()
            .asString()
            .matches("\\d{4}-\\d\\d-\\d\\d_\\d{6}_a-quiet-forest_" + image.id() + "\\.png");
    }

    @Test
    void zipsARepeatedIdOnce() {
        ApiUser ada = ApiUser.register(mvc, "twice");
        Image first = seeded.add(ada.id(), "first");
        Image second = seeded.add(ada.id(), "second");

        MvcTestResult archive = ada.post("/api/v1/images/archive", ids(first.id(), second.id(), first.id(), first.id()));

        assertThat(archive).hasStatus(200);
        assertThat(archive.getResponse().getHeader(HttpHeaders.CONTENT_DISPOSITION)).endsWith("-2-images.zip\"");
        assertThat(unzip(archive)).hasSize(2);
    }

    @Test
    void refusesNoIdsAndMoreThanAThousand() {
        ApiUser ada = ApiUser.register(mvc, "count");
        Image image = seeded.add(ada.id(), "one image");
        long[] thousandAndOne = LongStream.rangeClosed(image.id(), image.id() + 1000).toArray();
        long[] thousandRepeated = LongStream.generate(image::id).limit(1001).toArray();

        assertFields(ada.post("/api/v1/images/archive", "{\"ids\": []}"), "ids");
        assertFields(ada.post("/api/v1/images/archive", "{}"), "ids");
        assertFields(ada.post("/api/v1/images/archive", ids(thousandAndOne)), "ids");
        assertProblem(ada.post("/api/v1/images/archive", "{\"ids\": [\"one\"]}"), 422, "validation_failed");
        assertProblem(ada.post("/api/v1/images/archive", "not json"), 422, "validation_failed");
        assertThat(ada.post("/api/v1/images/archive", ids(thousandRepeated))).as("1001 ids, one distinct").hasStatus(200);
    }

    @Test
    void streamsNothingWhenAnyIdIsNotTheCallers() {
        ApiUser ada = ApiUser.register(mvc, "mine");
        ApiUser bob = ApiUser.register(mvc, "theirs");
        Image adas = seeded.add(ada.id(), "mine");
        Image bobs = seeded.add(bob.id(), "theirs");

        MvcTestResult mixed = ada.post("/api/v1/images/archive", ids(adas.id(), bobs.id()));
        MvcTestResult missing = ada.post("/api/v1/images/archive", ids(adas.id(), 999_999_999L));
        MvcTestResult onlyTheirs = ada.post("/api/v1/images/archive", ids(bobs.id()));

        for (MvcTestResult refused : List.of(mixed, missing, onlyTheirs)) {
            assertProblem(refused, 404, "not_found");
            assertThat(refused.getResponse().getHeader(HttpHeaders.CONTENT_DISPOSITION)).isNull();
            assertThat(new String(refused.getResponse().getContentAsByteArray(), java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("theirs").doesNotContain("PK");
        }
        assertThat(unzip(bob.post("/api/v1/images/archive", ids(bobs.id())))).hasSize(1);
    }

    @Test
    void needsSignIn() {
        assertProblem(mvc.post().uri("/api/v1/images/archive").contentType(MediaType.APPLICATION_JSON).content("{\"ids\": [1]}").exchange(),
                401, "unauthorized");
    }

    static String ids(long... ids) {
        return LongStream.of(ids).mapToObj(Long::toString).collect(Collectors.joining(", ", "{\"ids\": [", "]}"));
    }

    static Map<String, byte[]> unzip(MvcTestResult archive) {
        assertThat(archive).hasStatus(200);
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(archive.getResponse().getContentAsByteArray()))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                assertThat(entries.put(entry.getName(), zip.readAllBytes())).as("one entry named %s", entry.getName()).isNull();
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return entries;
    }

}
