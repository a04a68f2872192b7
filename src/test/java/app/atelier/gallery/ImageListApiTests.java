package app.atelier.gallery;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import app.atelier.storage.ImageStore;
import app.atelier.support.ApiUser;
import app.atelier.support.MutableClock;
import app.atelier.support.TestClockConfiguration;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static app.atelier.gallery.ImagesApiTests.IMAGE_FIELDS;
import static app.atelier.gallery.ImagesApiTests.assertProblem;
import static app.atelier.support.ApiUser.tree;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /api/v1/images} (listing, search, filters, order, pages) and the favourite endpoints, over the API. */
@SpringBootTest
@AutoConfigureMockMvc
@Import(TestClockConfiguration.class)
class ImageListApiTests {

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
        clock.set(Instant.now());
    }

    @AfterEach
    void resetClock() {
        clock.set(Instant.now());
    }

    @Test
    void listsTheCallersImagesNewestFirstWithTheFieldsOfTheContract() {
        ApiUser ada = ApiUser.register(mvc, "list");
        Image first = seeded.add(ada.id(), "a lighthouse at dusk", "watercolour", "16:9", "gemini-web");
        clock.advance(Duration.ofSeconds(1));
        Image second = seeded.add(ada.id(), "a fox in the snow");
        clock.advance(Duration.ofSeconds(1));
        Image third = seeded.add(ada.id(), "a city at night");

        MvcTestResult listed = ada.get("/api/v1/images");

        assertThat(listed).hasStatus(200).hasContentTypeCompatibleWith(MediaType.APPLICATION_JSON);
        JsonNode page = tree(listed);
        assertThat(Set.copyOf(page.propertyNames())).containsExactlyInAnyOrder("items", "nextCursor");
        assertThat(page.path("nextCursor").isNull()).isTrue();
        assertThat(ids(page)).containsExactly(third.id(), second.id(), first.id());
        for (JsonNode item : page.path("items")) {
            assertThat(Set.copyOf(item.propertyNames())).isEqualTo(IMAGE_FIELDS);
        }
        JsonNode oldest = page.path("items").get(2);
        assertThat(oldest.path("generationId").asLong()).isEqualTo(first.generationId());
        assertThat(oldest.path("prompt").asString()).isEqualTo("a lighthouse at dusk");
        assertThat(oldest.path("style").asString()).isEqualTo("watercolour");
        assertThat(oldest.path("aspectRatio").asString()).isEqualTo("16:9");
        assertThat(oldest.path("provider").asString()).isEqualTo("gemini-web");
        assertThat(oldest.path("width").asInt()).isEqualTo(24);
        assertThat(oldest.path("height").asInt()).isEqualTo(16);
        assertThat(oldest.path("mimeType").asString()).isEqualTo("image/png");
        assertThat(oldest.path("bytes").asLong()).isEqualTo(first.bytes());
        assertThat(Instant.parse(oldest.path("createdAt").asString())).isEqualTo(first.createdAt());
        assertThat(oldest.path("url").asString()).isEqualTo("/api/v1/images/" + first.id() + "/content");
        assertThat(oldest.path("thumbnailUrl").asString()).isEqualTo("/api/v1/images/" + first.id() + "/thumbnail");
        assertThat(oldest.path("shareUrl").isNull()).isTrue();
        assertThat(oldest.path("favourite").asBoolean()).isFalse();
        assertThat(page.path("items").get(1).path("style").isNull()).isTrue();
    }

    @Test
    void answersAnEmptyPageForAnAccountWithoutImages() {
        ApiUser ada = ApiUser.register(mvc, "empty");

        JsonNode page = tree(ada.get("/api/v1/images"));

        assertThat(page.path("items").isArray()).isTrue();
        assertThat(page.path("items")).isEmpty();
        assertThat(page.path("nextCursor").isNull()).isTrue();
    }

    @Test
    void pagesWithoutRepeatsOrGapsWhileNewImagesArrive() {
        ApiUser ada = ApiUser.register(mvc, "pages");
        List<Long> existing = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            existing.add(seeded.add(ada.id(), "picture number " + i).id());
        }

        List<Long> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = tree(ada.get("/api/v1/images?limit=3" + (cursor == null ? "" : "&cursor=" + cursor)));
            seen.addAll(ids(page));
            cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asString();
            seeded.add(ada.id(), "arrived while paging " + pages);
            pages++;
        }
        while (cursor != null);

        Collections.reverse(existing);
        assertThat(seen).containsExactlyElementsOf(existing);
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void aFullLastPageIsFollowedByAnEmptyOneWithoutCursor() {
        ApiUser ada = ApiUser.register(mvc, "full");
        for (int i = 0; i < 4; i++) {
            seeded.add(ada.id(), "picture " + i);
        }

        JsonNode first = tree(ada.get("/api/v1/images?limit=2"));
        JsonNode second = tree(ada.get("/api/v1/images?limit=2&cursor=" + first.path("nextCursor").asString()));
        JsonNode third = tree(ada.get("/api/v1/images?limit=2&cursor=" + second.path("nextCursor").asString()));

        assertThat(ids(first)).hasSize(2);
        assertThat(ids(second)).hasSize(2).doesNotContainAnyElementsOf(ids(first));
        assertThat(ids(third)).isEmpty();
        assertThat(third.path("nextCursor").isNull()).isTrue();
    }

    @Test
    void limitsAPageTo50ByDefaultAndTo100AtMost() {
        ApiUser ada = ApiUser.register(mvc, "limit");
        for (int i = 0; i < 51; i++) {
            seeded.add(ada.id(), "one of many " + i);
        }

        JsonNode standard = tree(ada.get("/api/v1/images"));
        JsonNode largest = tree(ada.get("/api/v1/images?limit=100"));
        JsonNode one = tree(ada.get("/api/v1/images?limit=1"));

        assertThat(ids(standard)).hasSize(50);
        assertThat(standard.path("nextCursor").isNull()).isFalse();
        assertThat(ids(tree(ada.get("/api/v1/images?cursor=" + standard.path("nextCursor").asString())))).hasSize(1);
        assertThat(ids(largest)).hasSize(51);
        assertThat(largest.path("nextCursor").isNull()).isTrue();
        assertThat(ids(one)).containsExactly(ids(standard).get(0));
    }

    @Test
    void searchesPromptsByWordPrefixesAllOfWhichMustMatch() {
        ApiUser ada = ApiUser.register(mvc, "search");
        Image lighthouse = seeded.add(ada.id(), "A Lighthouse at dusk, stormy sea");
        Image lamp = seeded.add(ada.id(), "a desk lamp throwing warm light");
        Image forest = seeded.add(ada.id(), "a quiet forest after the storm");

        assertThat(listed(ada, "q=light")).containsExactly(lamp.id(), lighthouse.id());
        assertThat(listed(ada, "q=LIGHTHOUSE")).containsExactly(lighthouse.id());
        assertThat(listed(ada, "q=storm")).containsExactly(forest.id(), lighthouse.id());
        assertThat(listed(ada, "q=light storm")).containsExactly(lighthouse.id());
        assertThat(listed(ada, "q= dusk,  light! ")).containsExactly(lighthouse.id());
        assertThat(listed(ada, "q=lighthouse forest")).isEmpty();
        assertThat(listed(ada, "q=ighthouse")).as("words match from their start").isEmpty();
        assertThat(listed(ada, "q=\" OR * NEAR( ) :")).as("query syntax is searched as words").isEmpty();
        assertThat(listed(ada, "q=\" * ( ) : -")).as("no words, no search").hasSize(3);
        assertThat(listed(ada, "q=")).hasSize(3);
    }

    @Test
    void filtersByStyleAspectRatioProviderFavouriteAndDates() {
        ApiUser ada = ApiUser.register(mvc, "filters");
        clock.set(Instant.parse("2026-03-10T12:00:00Z"));
        Image march = seeded.add(ada.id(), "spring blossom", "watercolour", "16:9", "gemini-web");
        clock.set(Instant.parse("2026-04-01T23:59:00Z"));
        Image april = seeded.add(ada.id(), "april showers", "cinematic-photo", "1:1", "gemini-api");
        clock.advance(Duration.ofMinutes(2));
        Image second = seeded.add(ada.id(), "april second day", "watercolour", "1:1", "gemini-api");
        assertThat(ada.put("/api/v1/images/" + april.id() + "/favourite", "")).hasStatus(200);

        assertThat(listed(ada, "style=watercolour")).containsExactly(second.id(), march.id());
        assertThat(listed(ada, "style=pixel-art")).isEmpty();
        assertThat(listed(ada, "aspectRatio=16:9")).containsExactly(march.id());
        assertThat(listed(ada, "provider=gemini-api")).containsExactly(second.id(), april.id());
        assertThat(listed(ada, "provider=gemini-web")).containsExactly(march.id());
        assertThat(listed(ada, "favourite=true")).containsExactly(april.id());
        assertThat(listed(ada, "favourite=false")).as("false does not filter").hasSize(3);
        assertThat(listed(ada, "from=2026-04-01&to=2026-04-01")).as("UTC days, both ends included").containsExactly(april.id());
        assertThat(listed(ada, "from=2026-04-02")).containsExactly(second.id());
        assertThat(listed(ada, "to=2026-03-31")).containsExactly(march.id());
        assertThat(listed(ada, "from=2026-03-10&to=2026-03-10")).containsExactly(march.id());
        assertThat(listed(ada, "from=2026-05-01")).isEmpty();
        assertThat(listed(ada, "q=april&style=watercolour")).containsExactly(second.id());
        assertThat(listed(ada, "style=watercolour&aspectRatio=1:1&provider=gemini-api&from=2026-04-01")).containsExactly(second.id());
    }

    @Test
    void sortsBestMatchesFirstAndPagesThroughThemOnce() {
        ApiUser ada = ApiUser.register(mvc, "relevance");
        Image weak = seeded.add(ada.id(), "a dog and, far away on a long winding road through hills and villages, a small cat");
        Image strong = seeded.add(ada.id(), "cat cat cat: a cat portrait of a cat");
        Image middle = seeded.add(ada.id(), "a cat on a sofa");
        seeded.add(ada.id(), "a dog on a sofa");

        List<Long> newest = listed(ada, "q=cat&sort=newest");
        List<Long> byDefault = listed(ada, "q=cat");
        List<Long> best = listed(ada, "q=cat&sort=relevance");
        List<Long> paged = new ArrayList<>();
        JsonNode page = tree(ada.get("/api/v1/images?q=cat&sort=relevance&limit=2"));
        paged.addAll(ids(page));
        seeded.add(ada.id(), "cat cat cat cat cat cat cat");
        page = tree(ada.get("/api/v1/images?q=cat&sort=relevance&limit=2&cursor=" + page.path("nextCursor").asString()));
        paged.addAll(ids(page));

        assertThat(newest).containsExactly(middle.id(), strong.id(), weak.id());
        assertThat(byDefault).isEqualTo(newest);
        assertThat(best).containsExactlyInAnyOrder(strong.id(), middle.id(), weak.id());
        assertThat(best.get(0)).isEqualTo(strong.id());
        assertThat(best.get(2)).isEqualTo(weak.id());
        assertThat(paged).as("images added meanwhile stay out of the pages already begun").isEqualTo(best);
        assertThat(page.path("nextCursor").isNull()).isTrue();
        assertThat(listed(ada, "sort=relevance")).as("without a search, newest first").hasSize(5);
    }

    @Test
    void refusesInvalidParametersNamingEachField() {
        ApiUser ada = ApiUser.register(mvc, "invalid");
        seeded.add(ada.id(), "something");

        assertFields(ada.get("/api/v1/images?from=2026-02-30"), "from");
        assertFields(ada.get("/api/v1/images?to=yesterday"), "to");
        assertFields(ada.get("/api/v1/images?from=2026-04-02&to=2026-04-01"), "to");
        assertFields(ada.get("/api/v1/images?aspectRatio=5:4"), "aspectRatio");
        assertFields(ada.get("/api/v1/images?provider=midjourney"), "provider");
        assertFields(ada.get("/api/v1/images?sort=oldest"), "sort");
        assertFields(ada.get("/api/v1/images?q=" + "a".repeat(201)), "q");
        assertFields(ada.get("/api/v1/images?limit=0"), "limit");
        assertFields(ada.get("/api/v1/images?limit=101"), "limit");
        assertFields(ada.get("/api/v1/images?limit=ten"), "limit");
        assertFields(ada.get("/api/v1/images?favourite=maybe"), "favourite");
        assertFields(ada.get("/api/v1/images?cursor=not-a-cursor"), "cursor");
        assertFields(ada.get("/api/v1/images?cursor=" + java.util.Base64.getUrlEncoder().encodeToString("before:12".getBytes())),
                "cursor");
        assertFields(ada.get("/api/v1/images?from=01.04.2026&aspectRatio=4:5&sort=random"), "from", "aspectRatio", "sort");
        assertThat(listed(ada, "q= &style= &from=&aspectRatio=")).as("blank parameters are absent").hasSize(1);
    }

    @Test
    void refusesCallersWithoutAValidToken() {
        assertProblem(mvc.get().uri("/api/v1/images").exchange(), 401, "unauthorized");
        assertProblem(mvc.get().uri("/api/v1/images").header("Authorization", "Bearer atl_nope").exchange(), 401, "unauthorized");
        assertProblem(mvc.put().uri("/api/v1/images/1/favourite").exchange(), 401, "unauthorized");
        assertProblem(mvc.delete().uri("/api/v1/images/1/favourite").exchange(), 401, "unauthorized");
    }

    @Test
    void neverListsAnotherUsersImages() {
        ApiUser ada = ApiUser.register(mvc, "mine");
        ApiUser bob = ApiUser.register(mvc, "theirs");
        Image adas = seeded.add(ada.id(), "a red balloon over the harbour", "watercolour", "1:1", "gemini-api");
        Image bobs = seeded.add(bob.id(), "a red balloon over the harbour", "watercolour", "1:1", "gemini-api");
        images.setFavourite(bob.id(), bobs.id(), true);
        JsonNode adasFirstPage = tree(ada.get("/api/v1/images?limit=1"));

        assertThat(listed(ada, "")).containsExactly(adas.id());
        assertThat(listed(ada, "q=balloon")).containsExactly(adas.id());
        assertThat(listed(ada, "q=balloon&sort=relevance")).containsExactly(adas.id());
        assertThat(listed(ada, "style=watercolour")).containsExactly(adas.id());
        assertThat(listed(ada, "favourite=true")).isEmpty();
        assertThat(listed(bob, "")).containsExactly(bobs.id());
        assertThat(listed(bob, "favourite=true")).containsExactly(bobs.id());
        assertThat(ids(tree(bob.get("/api/v1/images?cursor=" + ImageCursor.keyset(Long.MAX_VALUE - 1))))).containsExactly(bobs.id());
        assertThat(ids(adasFirstPage)).containsExactly(adas.id());
    }

    @Test
    void starsAndUnstarsAnImage() {
        ApiUser ada = ApiUser.register(mvc, "star");
        Image image = seeded.add(ada.id(), "a starry night");
        String uri = "/api/v1/images/" + image.id() + "/favourite";

        MvcTestResult starred = ada.put(uri, "");
        MvcTestResult again = ada.put(uri, "");

        assertThat(starred).hasStatus(200).hasContentTypeCompatibleWith(MediaType.APPLICATION_JSON);
        assertThat(Set.copyOf(tree(starred).propertyNames())).isEqualTo(IMAGE_FIELDS);
        assertThat(tree(starred).path("id").asLong()).isEqualTo(image.id());
        assertThat(tree(starred).path("favourite").asBoolean()).isTrue();
        assertThat(tree(again).path("favourite").asBoolean()).as("starring twice is fine").isTrue();
        assertThat(tree(ada.get("/api/v1/images/" + image.id())).path("favourite").asBoolean()).isTrue();
        assertThat(listed(ada, "favourite=true")).containsExactly(image.id());

        MvcTestResult unstarred = ada.delete(uri);

        assertThat(unstarred).hasStatus(200);
        assertThat(tree(unstarred).path("favourite").asBoolean()).isFalse();
        assertThat(tree(ada.delete(uri)).path("favourite").asBoolean()).isFalse();
        assertThat(listed(ada, "favourite=true")).isEmpty();
        assertThat(tree(ada.get("/api/v1/images")).path("items").get(0).path("favourite").asBoolean()).isFalse();
    }

    @Test
    void anotherUsersImageCannotBeStarredOrUnstarred() {
        ApiUser ada = ApiUser.register(mvc, "owner");
        ApiUser bob = ApiUser.register(mvc, "other");
        Image starred = seeded.add(ada.id(), "starred by its owner");
        Image plain = seeded.add(ada.id(), "not starred");
        images.setFavourite(ada.id(), starred.id(), true);

        assertProblem(bob.put("/api/v1/images/" + plain.id() + "/favourite", ""), 404, "not_found");
        assertProblem(bob.delete("/api/v1/images/" + starred.id() + "/favourite"), 404, "not_found");
        assertProblem(bob.put("/api/v1/images/999999999/favourite", ""), 404, "not_found");
        assertProblem(bob.put("/api/v1/images/not-a-number/favourite", ""), 404, "not_found");

        assertThat(images.find(ada.id(), plain.id()).orElseThrow().favourite()).isFalse();
        assertThat(images.find(ada.id(), starred.id()).orElseThrow().favourite()).isTrue();
    }

    List<Long> listed(ApiUser user, String query) {
        MvcTestResult result = user.get("/api/v1/images?" + query);
        assertThat(result).hasStatus(200);
        return ids(tree(result));
    }

    static List<Long> ids(JsonNode page) {
        List<Long> ids = new ArrayList<>();
        page.path("items").forEach(item -> ids.add(item.path("id").asLong()));
        return ids;
    }

    static void assertFields(MvcTestResult result, String... fields) {
        assertProblem(result, 422, "validation_failed");
        List<String> named = new ArrayList<>();
        tree(result).path("errors").forEach(error -> {
            named.add(error.path("field").asString());
            assertThat(error.path("message").asString()).isNotBlank();
        });
        assertThat(named).containsExactlyInAnyOrder(fields);
    }

}
