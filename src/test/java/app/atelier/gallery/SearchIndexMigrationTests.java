package app.atelier.gallery;

import java.nio.file.Path;
import java.util.List;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import app.atelier.platform.Dialect;
import app.atelier.storage.StoredImage;
import app.atelier.storage.TestImageStores;
import app.atelier.support.MutableClock;
import app.atelier.web.PublicUrl;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SQLite's V7 moves prompt search to words that carry their owner: images indexed before it stay searchable, each
 * by its owner only, and new and deleted images keep the index in step.
 */
class SearchIndexMigrationTests {

    @TempDir
    Path folder;

    @Test
    void imagesIndexedBeforeTheMigrationStaySearchableByTheirOwnerOnly() {
        SingleConnectionDataSource dataSource = new SingleConnectionDataSource(
                "jdbc:sqlite:" + folder.resolve("atelier.db") + "?foreign_keys=true", true);
        migrate(dataSource, "5");
        JdbcClient jdbc = JdbcClient.create(dataSource);
        long ada = GalleryRows.account(jdbc, "ada");
        long bob = GalleryRows.account(jdbc, "bob");
        long lighthouse = insertBeforeV7(jdbc, ada, "A Lighthouse at dusk, Café crème");
        long harbour = insertBeforeV7(jdbc, ada, "a harbour at night");
        long bobs = insertBeforeV7(jdbc, bob, "bob's lighthouse");

        migrate(dataSource, "latest");

        MutableClock clock = new MutableClock();
        Images images = new Images(new ImageRepository(jdbc, new PublicUrl("https://atelier.test"), clock, new Dialect(dataSource)),
                TestImageStores.inFolder(folder.resolve("images")), clock);
        assertThat(ids(images, ada, "light")).containsExactly(lighthouse);
        assertThat(ids(images, ada, "cafe CRÈME")).containsExactly(lighthouse);
        assertThat(ids(images, ada, "at")).containsExactly(harbour, lighthouse);
        assertThat(ids(images, bob, "light")).containsExactly(bobs);
        assertThat(ids(images, bob, "harbour")).isEmpty();

        long added = images.add(new NewImage(ada, GalleryRows.job(jdbc, ada, "new"),
                new StoredImage("k.png", "k.thumb.png", "image/png", 10, 8, 8), "a new lighthouse", null, "1:1", "gemini-api")).id();
        jdbc.sql("DELETE FROM images WHERE id = :id").param("id", lighthouse).update();

        assertThat(ids(images, ada, "light")).containsExactly(added);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM images_search WHERE images_search MATCH 'a" + ada + "xcafe'").query(Long.class).single())
            .as("a deleted image leaves the index").isZero();
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
