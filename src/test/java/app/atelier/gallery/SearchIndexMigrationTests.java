package app.atelier.gallery;

import java.nio.file.Path;
import java.util.List;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import app.atelier.platform.Dialect;
import app.atelier.storage.StoredImage;
import app.atelier.storage.TestImageStores;
import app.atelier.support.MutableClock;
import app.atelier.support.TestDatabases;
import app.atelier.web.PublicUrl;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SQLite's V7 moves prompt search to words that carry their owner, V8 gives the owner a fixed width and adds prefix
 * indexes, and PostgreSQL's V8 indexes the owner's words likewise: images indexed before stay searchable, each by its
 * owner only, and new and deleted images keep the index in step.
 */
class SearchIndexMigrationTests {

    @TempDir
    Path folder;

    @Test
    void imagesIndexedBeforeTheMigrationStaySearchableByTheirOwnerOnly() {
        SingleConnectionDataSource dataSource = sqlite("atelier.db");
        migrate(dataSource, "5");
        JdbcClient jdbc = JdbcClient.create(dataSource);
        long ada = GalleryRows.account(jdbc, "ada");
        long bob = GalleryRows.account(jdbc, "bob");
        long lighthouse = insertBeforeV7(jdbc, ada, "A Lighthouse at dusk, Café crème");
        long harbour = insertBeforeV7(jdbc, ada, "a harbour at night");
        long bobs = insertBeforeV7(jdbc, bob, "bob's lighthouse");

        migrate(dataSource, "latest");

        Images images = images(dataSource);
        assertThat(ids(images, ada, "light")).containsExactly(lighthouse);
        assertThat(ids(images, ada, "cafe CRÈME")).containsExactly(lighthouse);
        assertThat(ids(images, ada, "at")).containsExactly(harbour, lighthouse);
        assertThat(ids(images, bob, "light")).containsExactly(bobs);
        assertThat(ids(images, bob, "harbour")).isEmpty();

        long added = images.add(new NewImage(ada, GalleryRows.job(jdbc, ada, "new"),
                new StoredImage("k.png", "k.thumb.png", "image/png", 10, 8, 8), "a new lighthouse", null, "1:1", "gemini-api")).id();
        jdbc.sql("DELETE FROM images WHERE id = :id").param("id", lighthouse).update();

        assertThat(ids(images, ada, "light")).containsExactly(added);
        assertThat(indexed(jdbc, ada, "harbour")).as("the owner as the application writes it").isEqualTo(1);
        assertThat(indexed(jdbc, ada, "cafe")).as("a deleted image leaves the index").isZero();
    }

    @Test
    void wordsIndexedBeforeV8MatchOneAndTwoLetterPrefixesAfterIt() {
        SingleConnectionDataSource dataSource = sqlite("v7.db");
        migrate(dataSource, "7");
        JdbcClient jdbc = JdbcClient.create(dataSource);
        long ada = GalleryRows.account(jdbc, "ada");
        long bob = GalleryRows.account(jdbc, "bob");
        long lighthouse = insertBeforeV8(jdbc, ada, "A Lighthouse at dusk, Café crème");
        long harbour = insertBeforeV8(jdbc, ada, "a harbour at night");
        long bobs = insertBeforeV8(jdbc, bob, "bob's lighthouse");

        migrate(dataSource, "latest");

        Images images = images(dataSource);
        assertThat(ids(images, ada, "l")).containsExactly(lighthouse);
        assertThat(ids(images, ada, "LI")).containsExactly(lighthouse);
        assertThat(ids(images, ada, "h")).containsExactly(harbour);
        assertThat(ids(images, ada, "c cr")).as("accents folded as before").containsExactly(lighthouse);
        assertThat(ids(images, bob, "l")).containsExactly(bobs);
        assertThat(ids(images, bob, "h")).isEmpty();
        assertThat(jdbc.sql("SELECT sql FROM sqlite_master WHERE name = 'images_search'").query(String.class).single())
            .contains("prefix = '12 13'");

        jdbc.sql("DELETE FROM images WHERE id = :id").param("id", lighthouse).update();
        assertThat(ids(images, ada, "l")).isEmpty();
        assertThat(indexed(jdbc, ada, "night")).isEqualTo(1);
    }

    @Test
    void postgresqlSearchesPromptsSavedBeforeV8AsTheirOwnersWords() {
        DataSource dataSource = TestDatabases.POSTGRESQL.dataSource("7");
        JdbcClient jdbc = JdbcClient.create(dataSource);
        long ada = GalleryRows.account(jdbc, "ada");
        long bob = GalleryRows.account(jdbc, "bob");
        long lighthouse = insertBeforeV7(jdbc, ada, "A Lighthouse at dusk, lighthouse keeper's sci-fi dream");
        long harbour = insertBeforeV7(jdbc, ada, "a harbour at night, one lighthouse");
        long bobs = insertBeforeV7(jdbc, bob, "bob's lighthouse");

        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/postgresql").load().migrate();

        Images images = images(dataSource);
        assertThat(ids(images, ada, "light")).containsExactly(harbour, lighthouse);
        assertThat(ids(images, ada, "LIGHT keep")).containsExactly(lighthouse);
        assertThat(ids(images, ada, "sci fi")).containsExactly(lighthouse);
        assertThat(ids(images, bob, "light")).containsExactly(bobs);
        assertThat(ids(images, bob, "harbour")).isEmpty();
        assertThat(images.list(ada, new ImageQuery("lighthouse", null, null, null, false, null, null, true), null, 50).items())
            .as("best match first: twice the word before once").extracting(Image::id).containsExactly(lighthouse, harbour);

        long added = images.add(new NewImage(bob, GalleryRows.job(jdbc, bob, "new"),
                new StoredImage("k.png", "k.thumb.png", "image/png", 10, 8, 8), "a harbour seen by bob", null, "1:1", "gemini-api")).id();
        assertThat(ids(images, bob, "harbour")).as("new images are indexed as their owner's words").containsExactly(added);
        assertThat(ids(images, ada, "harbour")).containsExactly(harbour);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM images WHERE prompt_search @@ atelier_owner_query(:bob, 'lighthouse')")
            .param("bob", bob).query(Long.class).single()).as("the index alone tells the owners apart").isEqualTo(1);
        assertThat(jdbc.sql("SELECT attstattarget FROM pg_attribute WHERE attrelid = 'images'::regclass AND attname = 'prompt_search'")
            .query(Integer.class).single()).isEqualTo(1000);
    }

    @Test
    void postgresqlLearnsTheWordsOfImagesSavedBeforeV9() {
        DataSource dataSource = TestDatabases.POSTGRESQL.dataSource("8");
        JdbcClient jdbc = JdbcClient.create(dataSource);
        long ada = GalleryRows.account(jdbc, "ada");
        long bob = GalleryRows.account(jdbc, "bob");
        long lighthouse = insertBeforeV7(jdbc, ada, "A Lighthouse at dusk, LIGHTS on");
        long bobs = insertBeforeV7(jdbc, bob, "bob's lighthouse");

        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/postgresql").load().migrate();

        assertThat(jdbc.sql("SELECT word FROM image_words WHERE account_id = :ada ORDER BY word").param("ada", ada).query(String.class).list())
            .containsExactly("a", "at", "dusk", "lighthouse", "lights", "on");
        Images images = images(dataSource);
        assertThat(ids(images, ada, "light")).containsExactly(lighthouse);
        assertThat(ids(images, bob, "light")).containsExactly(bobs);
        long added = images.add(new NewImage(ada, GalleryRows.job(jdbc, ada, "new"),
                new StoredImage("k.png", "k.thumb.png", "image/png", 10, 8, 8), "Lightning over the sea", null, "1:1", "gemini-api")).id();
        assertThat(ids(images, ada, "light")).as("a new image's words are learnt as it is added").containsExactly(added, lighthouse);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM image_words WHERE account_id = :ada AND word = 'lightning'").param("ada", ada)
            .query(Long.class).single()).isEqualTo(1);
    }

    /** How many images the index holds with this word of this owner. */
    private static long indexed(JdbcClient jdbc, long accountId, String word) {
        return jdbc.sql("SELECT COUNT(*) FROM images_search WHERE images_search MATCH :match")
            .param("match", PromptSearch.of(word).orElseThrow().fts5Match(accountId))
            .query(Long.class)
            .single();
    }

    /** An image and its words as V7 indexed them: the owner in front, as many digits as its id has. */
    private static long insertBeforeV8(JdbcClient jdbc, long accountId, String prompt) {
        long id = insertBeforeV7(jdbc, accountId, prompt);
        String words = java.util.Arrays.stream(prompt.split("[^\\p{L}\\p{N}]+"))
            .filter(word -> !word.isEmpty())
            .map(word -> "a" + accountId + "x" + word)
            .collect(java.util.stream.Collectors.joining(" "));
        jdbc.sql("INSERT INTO images_search (rowid, words) VALUES (:id, :words)").param("id", id).param("words", words).update();
        return id;
    }

    private SingleConnectionDataSource sqlite(String file) {
        return new SingleConnectionDataSource("jdbc:sqlite:" + folder.resolve(file) + "?foreign_keys=true", true);
    }

    private Images images(DataSource dataSource) {
        MutableClock clock = new MutableClock();
        return new Images(new ImageRepository(JdbcClient.create(dataSource), new PublicUrl("https://atelier.test"), clock, new Dialect(dataSource)),
                TestImageStores.inFolder(folder.resolve("images")), clock);
    }

    private static void migrate(SingleConnectionDataSource dataSource, String target) {
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/sqlite").target(target).load().migrate();
    }

    private static long insertBeforeV7(JdbcClient jdbc, long accountId, String prompt) {
        jdbc.sql("""
                INSERT INTO images (account_id, storage_key, thumbnail_key, mime_type, bytes, width, height, prompt, aspect_ratio,
                                    provider, created_at)
                VALUES (:account, 'k.png', 'k.thumb.png', 'image/png', 10, 8, 8, :prompt, '1:1', 'gemini-api', 0)""")
            .param("account", accountId)
            .param("prompt", prompt)
            .update();
        return jdbc.sql("SELECT MAX(id) FROM images").query(Long.class).single();
    }

    private static List<Long> ids(Images images, long accountId, String q) {
        return images.list(accountId, new ImageQuery(q, null, null, null, false, null, null, false), null, 50)
            .items()
            .stream()
            .map(Image::id)
            .toList();
    }

}
