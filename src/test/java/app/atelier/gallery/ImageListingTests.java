package app.atelier.gallery;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import app.atelier.platform.Dialect;
import app.atelier.storage.StoredImage;
import app.atelier.support.MutableClock;
import app.atelier.support.TestDatabases;
import app.atelier.web.Problem;
import app.atelier.web.PublicUrl;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Listing, searching and filtering a gallery, on SQLite (FTS5) and PostgreSQL (tsvector) alike. */
class ImageListingTests {

    @TempDir
    java.nio.file.Path folder;

    private final MutableClock clock = new MutableClock();

    private JdbcClient jdbc;

    private Images images;

    private void open(TestDatabases database) {
        open(database, ImageRepository.RANKED_IMAGES);
    }

    private void open(TestDatabases database, int rankedImages) {
        DataSource dataSource = database.dataSource();
        jdbc = JdbcClient.create(dataSource);
        ImageRepository repository = new ImageRepository(jdbc, new PublicUrl("https://atelier.test"), clock, new Dialect(dataSource),
                rankedImages);
        images = new Images(repository, app.atelier.storage.TestImageStores.inFolder(folder), clock);
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void pagesNewestFirstWithoutGapsOrRepeatsWhileImagesArrive(TestDatabases database) {
        open(database);
        long ada = GalleryRows.account(jdbc, "ada");
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            ids.add(add(ada, "picture " + i, "watercolour", "1:1", "gemini-api"));
        }

        ImagePage first = images.list(ada, ImageQuery.ALL, null, 3);
        add(ada, "arrived while browsing", null, "1:1", "gemini-api");
        ImagePage second = images.list(ada, ImageQuery.ALL, first.nextCursor(), 3);
        add(ada, "arrived again", null, "1:1", "gemini-api");
        ImagePage third = images.list(ada, ImageQuery.ALL, second.nextCursor(), 3);

        List<Long> seen = new ArrayList<>();
        for (ImagePage page : List.of(first, second, third)) {
            page.items().forEach(image -> seen.add(image.id()));
        }
        List<Long> expected = new ArrayList<>(ids);
        java.util.Collections.reverse(expected);
        assertThat(seen).containsExactlyElementsOf(expected);
        assertThat(third.nextCursor()).isNull();
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void searchesPromptsByWordPrefixesCaseInsensitivelyWithinTheOwnersImagesOnly(TestDatabases database) {
        open(database);
        long ada = GalleryRows.account(jdbc, "ada");
        long bob = GalleryRows.account(jdbc, "bob");
        long lighthouse = add(ada, "A Lighthouse at dusk, stormy sea", null, "1:1", "gemini-api");
        long lamp = add(ada, "a desk lamp throwing warm light", null, "1:1", "gemini-api");
        add(ada, "a quiet forest", null, "1:1", "gemini-api");
        add(bob, "bob's lighthouse", null, "1:1", "gemini-api");

        assertThat(ids(ada, query("light"))).containsExactly(lamp, lighthouse);
        assertThat(ids(ada, query("LIGHTHOUSE stormy"))).containsExactly(lighthouse);
        assertThat(ids(ada, query("light storm"))).containsExactly(lighthouse);
        assertThat(ids(ada, query("lighthouse forest"))).isEmpty();
        assertThat(ids(ada, query("\" OR * NEAR( ) :"))).as("operators are words like any other").isEmpty();
        assertThat(ids(ada, query("\" * ( ) : -"))).as("no words: no search").hasSize(3);
        assertThat(ids(ada, query("owner"))).isEmpty();
        assertThat(ids(bob, query("light"))).hasSize(1).doesNotContain(lighthouse, lamp);
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void searchesPrefixesThatNameFewOrManyOfTheOwnersWordsAlike(TestDatabases database) {
        open(database);
        long ada = GalleryRows.account(jdbc, "ada");
        long bob = GalleryRows.account(jdbc, "bob");
        StringBuilder many = new StringBuilder("a lighthouse");
        for (int i = 0; i <= OwnerWords.MAX_EXPANDED + 1; i++) {
            many.append(" sa").append(i);
        }
        long everyWord = add(ada, many.toString(), null, "1:1", "gemini-api");
        long five = add(ada, "sa5 and the lights", null, "1:1", "gemini-api");
        long plain = add(ada, "a light", null, "1:1", "gemini-api");
        add(bob, "sa5 sa1 light lighthouse", null, "1:1", "gemini-api");

        assertThat(ids(ada, query("sa"))).as("a prefix of more words than are expanded").containsExactly(five, everyWord);
        assertThat(ids(ada, query("sa5"))).containsExactly(five, everyWord);
        assertThat(ids(ada, query("sa1"))).as("sa1 and sa10 to sa17").containsExactly(everyWord);
        assertThat(ids(ada, query("light"))).as("light, lights and lighthouse").containsExactly(plain, five, everyWord);
        assertThat(ids(ada, query("lighth sa"))).as("an expanded word and a prefix together").containsExactly(everyWord);
        assertThat(ids(ada, query("lights sa5"))).containsExactly(five);
        assertThat(ids(ada, query("sa5 nothing"))).isEmpty();
        assertThat(ids(bob, query("sa"))).hasSize(1).doesNotContain(everyWord, five);
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void bestMatchFirstRanksAndPagesFromASnapshot(TestDatabases database) {
        open(database);
        long ada = GalleryRows.account(jdbc, "ada");
        long strong = add(ada, "cat cat cat: a cat portrait of a cat", null, "1:1", "gemini-api");
        add(ada, "a dog and, far away, a cat on a long winding road through hills and fields and villages", null, "1:1", "gemini-api");
        add(ada, "a cat on a sofa", null, "1:1", "gemini-api");
        ImageQuery relevance = new ImageQuery("cat", null, null, null, false, null, null, true);

        ImagePage first = images.list(ada, relevance, null, 2);
        add(ada, "cat cat cat cat cat cat cat", null, "1:1", "gemini-api");
        ImagePage second = images.list(ada, relevance, first.nextCursor(), 2);

        assertThat(first.items().get(0).id()).isEqualTo(strong);
        assertThat(first.items()).hasSize(2);
        assertThat(second.items()).hasSize(1);
        assertThat(second.nextCursor()).isNull();
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void bestMatchFirstRanksTheMatchesAmongTheNewestImagesThenListsTheOlderOnesNewestFirst(TestDatabases database) {
        open(database, 3);
        long ada = GalleryRows.account(jdbc, "ada");
        long strongButOld = add(ada, "cat cat cat cat cat", null, "1:1", "gemini-api");
        long older = add(ada, "a cat on a long winding road through hills and fields", null, "1:1", "gemini-api");
        long shortCat = add(ada, "a cat", null, "1:1", "gemini-api");
        long dog = add(ada, "a dog", null, "1:1", "gemini-api");
        long strong = add(ada, "cat cat portrait", null, "1:1", "gemini-api");
        long longCat = add(ada, "a cat on a wall by the sea at dusk, gulls overhead", null, "1:1", "gemini-api");
        ImageQuery bestMatch = new ImageQuery("cat", null, null, null, false, null, null, true);

        for (int size : List.of(1, 2, 3, 50, 4)) {
            List<Long> seen = new ArrayList<>();
            String cursor = null;
            do {
                ImagePage page = images.list(ada, bestMatch, cursor, size);
                page.items().forEach(image -> seen.add(image.id()));
                cursor = page.nextCursor();
                if (size == 4 && seen.size() == 4) {
                    add(ada, "a cat that arrived while browsing", null, "1:1", "gemini-api");
                }
            }
            while (cursor != null);
            assertThat(seen).as("pages of %d", size)
                .containsExactly(strong, longCat, shortCat, older, strongButOld);
        }

        ImagePage afterDeletes = images.list(ada, bestMatch, ImageCursor.relevance(longCat, 7), 2);
        assertThat(afterDeletes.items()).as("an offset past the ranked matches goes on with the older ones")
            .extracting(Image::id).containsExactly(shortCat, older);

        List<Long> listed = ids(ada, bestMatch);
        assertThat(listed).hasSize(6).endsWith(shortCat, older, strongButOld);
        assertThat(listed.subList(0, 3)).as("the newest three images: the arrival, and the dog, which does not match, out")
            .containsExactlyInAnyOrder(ids(ada, query("arrived")).get(0), strong, longCat);
        for (int at = 0; at < listed.size(); at++) {
            assertThat(images.neighbours(ada, bestMatch, listed.get(at))).as("the neighbours of the %d. image, as listed", at + 1)
                .isEqualTo(new ImageNeighbours(at == 0 ? null : listed.get(at - 1), at == listed.size() - 1 ? null : listed.get(at + 1)));
        }
        assertThat(images.neighbours(ada, bestMatch, dog)).isEqualTo(new ImageNeighbours(null, null));
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void filtersByStyleRatioProviderFavouriteAndDates(TestDatabases database) {
        open(database);
        long ada = GalleryRows.account(jdbc, "ada");
        clock.set(Instant.parse("2026-03-10T12:00:00Z"));
        long march = add(ada, "spring", "watercolour", "16:9", "gemini-web");
        clock.set(Instant.parse("2026-04-01T23:59:00Z"));
        long april = add(ada, "april", "cinematic-photo", "1:1", "gemini-api");
        clock.advance(Duration.ofMinutes(2));
        long second = add(ada, "april two", "watercolour", "1:1", "gemini-api");
        images.setFavourite(ada, april, true);

        assertThat(ids(ada, new ImageQuery(null, "watercolour", null, null, false, null, null, false))).containsExactly(second, march);
        assertThat(ids(ada, new ImageQuery(null, null, "16:9", null, false, null, null, false))).containsExactly(march);
        assertThat(ids(ada, new ImageQuery(null, null, null, "gemini-api", false, null, null, false))).containsExactly(second, april);
        assertThat(ids(ada, new ImageQuery(null, null, null, null, true, null, null, false))).containsExactly(april);
        assertThat(ids(ada, new ImageQuery(null, null, null, null, false, LocalDate.parse("2026-04-01"), LocalDate.parse("2026-04-01"), false)))
            .containsExactly(april);
        assertThat(ids(ada, new ImageQuery(null, null, null, null, false, LocalDate.parse("2026-04-02"), null, false))).containsExactly(second);
        assertThat(ids(ada, new ImageQuery("april", "watercolour", null, null, false, null, null, false))).containsExactly(second);
        assertThat(images.find(ada, april).orElseThrow().favourite()).isTrue();
        images.setFavourite(ada, april, false);
        assertThat(ids(ada, new ImageQuery(null, null, null, null, true, null, null, false))).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void pagesThroughADateRangeNewestFirstWithoutGapsOrRepeats(TestDatabases database) {
        open(database);
        long ada = GalleryRows.account(jdbc, "ada");
        List<Long> inRange = new ArrayList<>();
        for (int day = 1; day <= 7; day++) {
            clock.set(Instant.parse("2026-05-0" + day + "T10:00:00Z"));
            long first = add(ada, "morning " + day, null, "1:1", "gemini-api");
            long second = add(ada, "noon " + day, null, "1:1", "gemini-api");
            if (day >= 2 && day <= 6) {
                inRange.add(first);
                inRange.add(second);
            }
        }
        ImageQuery range = new ImageQuery(null, null, null, null, false, LocalDate.parse("2026-05-02"), LocalDate.parse("2026-05-06"), false);

        List<Long> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            ImagePage page = images.list(ada, range, cursor, 3);
            page.items().forEach(image -> seen.add(image.id()));
            cursor = page.nextCursor();
            pages++;
        }
        while (cursor != null && pages < 10);

        java.util.Collections.reverse(inRange);
        assertThat(seen).as("both images of a day share their time to the millisecond; the id breaks the tie").containsExactlyElementsOf(inRange);
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void searchesADateRangeNewestFirstAndBestMatchFirstWithoutGapsOrRepeats(TestDatabases database) {
        open(database, 3);
        long ada = GalleryRows.account(jdbc, "ada");
        List<String> prompts = List.of("a cat before the range", "cat cat cat cat", "a cat on a long road through the hills", "a cat",
                "a dog", "cat cat portrait", "a cat at sea, gulls overhead", "a cat after the range");
        List<Long> ids = new ArrayList<>();
        for (int day = 0; day < prompts.size(); day++) {
            clock.set(Instant.parse("2026-05-1" + day + "T10:00:00Z"));
            ids.add(add(ada, prompts.get(day), null, "1:1", "gemini-api"));
        }
        LocalDate from = LocalDate.parse("2026-05-11");
        LocalDate to = LocalDate.parse("2026-05-16");
        ImageQuery newestFirst = new ImageQuery("cat", null, null, null, false, from, to, false);
        ImageQuery bestMatch = new ImageQuery("cat", null, null, null, false, from, to, true);

        for (int size : List.of(1, 2, 3, 4, 50)) {
            assertThat(all(ada, newestFirst, size)).as("newest first, pages of %d", size)
                .containsExactly(ids.get(6), ids.get(5), ids.get(3), ids.get(2), ids.get(1));
            assertThat(all(ada, bestMatch, size)).as("best match among the newest three images, then older matches; pages of %d", size)
                .containsExactly(ids.get(5), ids.get(6), ids.get(3), ids.get(2), ids.get(1));
        }
    }

    /** Every page of a listing, followed cursor by cursor. */
    private List<Long> all(long accountId, ImageQuery query, int size) {
        List<Long> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            ImagePage page = images.list(accountId, query, cursor, size);
            page.items().forEach(image -> seen.add(image.id()));
            cursor = page.nextCursor();
            pages++;
        }
        while (cursor != null && pages < 20);
        return seen;
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void refusesForeignCursorsAndAnotherOwnersStar(TestDatabases database) {
        open(database);
        long ada = GalleryRows.account(jdbc, "ada");
        long bob = GalleryRows.account(jdbc, "bob");
        long image = add(ada, "mine", null, "1:1", "gemini-api");

        assertThatThrownBy(() -> images.list(ada, ImageQuery.ALL, "not-a-cursor", 10)).isInstanceOf(Problem.class)
            .extracting(problem -> ((Problem) problem).code()).isEqualTo("validation_failed");
        assertThatThrownBy(() -> images.setFavourite(bob, image, true)).isInstanceOf(Problem.class)
            .extracting(problem -> ((Problem) problem).code()).isEqualTo("not_found");
        assertThat(images.find(ada, image).orElseThrow().favourite()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void findsTheNeighboursOfAnImageInTheSameListing(TestDatabases database) {
        open(database);
        long ada = GalleryRows.account(jdbc, "ada");
        long bob = GalleryRows.account(jdbc, "bob");
        long oldest = add(ada, "a cat on a wall", "watercolour", "1:1", "gemini-api");
        long dog = add(ada, "a dog in the rain", "watercolour", "1:1", "gemini-api");
        add(bob, "bob's cat in between", null, "1:1", "gemini-api");
        long middle = add(ada, "cat cat cat: a cat portrait of a cat", null, "1:1", "gemini-api");
        long newest = add(ada, "a sleeping cat", "watercolour", "1:1", "gemini-api");

        assertThat(images.neighbours(ada, ImageQuery.ALL, middle)).isEqualTo(new ImageNeighbours(newest, dog));
        assertThat(images.neighbours(ada, ImageQuery.ALL, newest)).isEqualTo(new ImageNeighbours(null, middle));
        assertThat(images.neighbours(ada, ImageQuery.ALL, oldest)).isEqualTo(new ImageNeighbours(dog, null));
        assertThat(images.neighbours(ada, query("cat"), middle)).as("the search skips the dog and bob's cat")
            .isEqualTo(new ImageNeighbours(newest, oldest));
        assertThat(images.neighbours(ada, new ImageQuery(null, "watercolour", null, null, false, null, null, false), newest))
            .isEqualTo(new ImageNeighbours(null, dog));
        ImageQuery bestMatch = new ImageQuery("cat", null, null, null, false, null, null, true);
        List<Long> ranked = ids(ada, bestMatch);
        assertThat(ranked).hasSize(3).startsWith(middle);
        assertThat(images.neighbours(ada, bestMatch, ranked.get(1))).as("best match first, as the grid ranks them")
            .isEqualTo(new ImageNeighbours(ranked.get(0), ranked.get(2)));
        assertThat(images.neighbours(ada, bestMatch, dog)).as("not listed: nowhere to step").isEqualTo(new ImageNeighbours(null, null));
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void deletesSeveralImagesAllOrNone(TestDatabases database) {
        open(database);
        long ada = GalleryRows.account(jdbc, "ada");
        long bob = GalleryRows.account(jdbc, "bob");
        long first = add(ada, "first", null, "1:1", "gemini-api");
        long second = add(ada, "second", null, "1:1", "gemini-api");
        long bobs = add(bob, "bob's", null, "1:1", "gemini-api");

        assertThatThrownBy(() -> images.deleteAll(ada, List.of(first, bobs))).isInstanceOf(Problem.class)
            .extracting(problem -> ((Problem) problem).code()).isEqualTo("not_found");
        assertThat(images.deleteAll(ada, List.of(first, second, first))).isEqualTo(2);

        assertThat(ids(ada, ImageQuery.ALL)).isEmpty();
        assertThat(images.find(bob, bobs)).isPresent();
    }

    static ImageQuery query(String q) {
        return new ImageQuery(q, null, null, null, false, null, null, false);
    }

    List<Long> ids(long accountId, ImageQuery query) {
        return images.list(accountId, query, null, 50).items().stream().map(Image::id).toList();
    }

    long add(long accountId, String prompt, @Nullable String style, String ratio, String provider) {
        String key = Long.toHexString(System.nanoTime());
        StoredImage stored = new StoredImage(key + ".png", key + ".thumb.png", "image/png", 100, 64, 64);
        return images.add(new NewImage(accountId, GalleryRows.job(jdbc, accountId, prompt), stored, prompt, style, ratio, provider)).id();
    }

}
