package app.atelier.gallery;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;

import javax.sql.DataSource;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import app.atelier.storage.ImageStore;
import app.atelier.storage.StoredBlob;
import app.atelier.storage.StoredImage;
import app.atelier.storage.TestImageStores;
import app.atelier.storage.TestImages;
import app.atelier.support.MutableClock;
import app.atelier.support.TestDatabases;
import app.atelier.web.Problem;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static app.atelier.gallery.GalleryRows.account;
import static app.atelier.gallery.GalleryRows.newImage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** {@link Images} and {@link OrphanSweep} on both databases, with the real file-system image store. */
class ImagesTests {

    @TempDir
    Path folder;

    private final MutableClock clock = new MutableClock();

    private JdbcClient jdbc;

    private TransactionTemplate transaction;

    private ImageStore store;

    private ImageRepository repository;

    private Images images;

    private void open(TestDatabases database) {
        DataSource dataSource = database.dataSource();
        jdbc = JdbcClient.create(dataSource);
        transaction = new TransactionTemplate(new JdbcTransactionManager(dataSource));
        store = TestImageStores.inFolder(folder);
        repository = new ImageRepository(jdbc);
        images = new Images(repository, store, clock);
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void givesAnImageItsBytesAndItsThumbnailOnlyToItsOwner(TestDatabases database) {
        open(database);
        long ada = account(jdbc, "ada");
        long bob = account(jdbc, "bob");
        byte[] png = TestImages.png(1200, 600, 1);
        StoredImage stored = store.put(png, "image/png");

        Image image = images.add(newImage(jdbc, ada, stored));

        assertThat(images.find(ada, image.id())).contains(image);
        assertThat(image.width()).isEqualTo(1200);
        assertThat(image.bytes()).isEqualTo(png.length);
        assertThat(read(images.content(ada, image.id()).orElseThrow())).isEqualTo(png);
        StoredBlob thumbnail = images.thumbnail(ada, image.id()).orElseThrow();
        assertThat(TestImages.decode(read(thumbnail)).getWidth()).isEqualTo(512);
        assertThat(images.find(bob, image.id())).isEmpty();
        assertThat(images.content(bob, image.id())).isEmpty();
        assertThat(images.thumbnail(bob, image.id())).isEmpty();
        assertThat(images.content(ada, image.id() + 1000)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void deletesTheRowAtOnceAndTheBytesWhenTheTransactionCommits(TestDatabases database) {
        open(database);
        long ada = account(jdbc, "ada");
        StoredImage stored = store.put(TestImages.jpeg(300, 300, 2), "image/jpeg");
        Image image = images.add(newImage(jdbc, ada, stored));

        transaction.executeWithoutResult(status -> {
            images.delete(ada, image.id());
            assertThat(images.find(ada, image.id())).isEmpty();
            assertThat(store.open(stored.key())).as("not before the commit").isPresent();
        });

        assertThat(store.open(stored.key())).isEmpty();
        assertThat(store.open(stored.thumbnailKey())).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void aRolledBackDeletionKeepsTheRowAndItsBytes(TestDatabases database) {
        open(database);
        long ada = account(jdbc, "ada");
        StoredImage stored = store.put(TestImages.png(40, 40, 3), "image/png");
        Image image = images.add(newImage(jdbc, ada, stored));

        transaction.executeWithoutResult(status -> {
            images.delete(ada, image.id());
            status.setRollbackOnly();
        });

        assertThat(images.find(ada, image.id())).contains(image);
        assertThat(store.open(stored.key())).isPresent();
        assertThat(store.open(stored.thumbnailKey())).isPresent();
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void keepsBytesThatAnotherRowSharesUntilTheLastOneGoes(TestDatabases database) {
        open(database);
        long ada = account(jdbc, "ada");
        long bob = account(jdbc, "bob");
        byte[] png = TestImages.png(64, 32, 4);
        Image adas = images.add(newImage(jdbc, ada, store.put(png, "image/png")));
        Image adasAgain = images.add(newImage(jdbc, ada, store.put(png, "image/png")));
        StoredImage stored = store.put(png, "image/png");
        Image bobs = images.add(newImage(jdbc, bob, stored));

        transaction.executeWithoutResult(status -> images.delete(ada, adas.id()));
        transaction.executeWithoutResult(status -> images.delete(bob, bobs.id()));

        assertThat(read(images.content(ada, adasAgain.id()).orElseThrow())).isEqualTo(png);
        assertThat(images.thumbnail(ada, adasAgain.id())).isPresent();

        transaction.executeWithoutResult(status -> images.delete(ada, adasAgain.id()));

        assertThat(store.open(stored.key())).isEmpty();
        assertThat(store.open(stored.thumbnailKey())).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void anotherAccountsImageIsNotFoundAndStaysWithItsBytes(TestDatabases database) {
        open(database);
        long ada = account(jdbc, "ada");
        long bob = account(jdbc, "bob");
        StoredImage stored = store.put(TestImages.png(20, 20, 5), "image/png");
        Image image = images.add(newImage(jdbc, ada, stored));

        Problem refused = catchThrowableOfType(Problem.class,
                () -> transaction.executeWithoutResult(status -> images.delete(bob, image.id())));

        assertThat(refused.code()).isEqualTo("not_found");
        assertThat(catchThrowableOfType(Problem.class, () -> images.delete(ada, image.id() + 1000)).code()).isEqualTo("not_found");
        assertThat(images.find(ada, image.id())).contains(image);
        assertThat(store.open(stored.key())).isPresent();
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void theSweepDeletesOnlyFilesNoRowReferencesOnceTheyAreOldEnough(TestDatabases database) {
        open(database);
        long ada = account(jdbc, "ada");
        StoredImage kept = store.put(TestImages.png(700, 350, 6), "image/png");
        images.add(newImage(jdbc, ada, kept));
        // bytes stored by a generation whose row never committed
        StoredImage orphan = store.put(TestImages.jpeg(50, 80, 7), "image/jpeg");
        StoredImage another = store.put(TestImages.gif(30, 30, 8), "image/gif");
        OrphanSweep sweep = new OrphanSweep(repository, store, clock, properties(Duration.ofHours(1)), 2);

        assertThat(sweep.sweep()).as("stored within the last hour: maybe a row about to commit").isZero();
        assertThat(store.open(orphan.key())).isPresent();

        clock.advance(Duration.ofMinutes(61));
        int deleted = sweep.sweep();

        assertThat(store.open(orphan.key())).isEmpty();
        assertThat(store.open(orphan.thumbnailKey())).isEmpty();
        assertThat(store.open(another.key())).isEmpty();
        assertThat(store.open(another.thumbnailKey())).isEmpty();
        assertThat(deleted).isBetween(2, 4);
        assertThat(store.open(kept.key())).isPresent();
        assertThat(store.open(kept.thumbnailKey())).isPresent();
        assertThat(sweep.sweep()).isZero();
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void theBytesOfADeletedAccountGoWithTheNextSweepExceptThoseAnotherAccountShares(TestDatabases database) {
        open(database);
        long ada = account(jdbc, "ada");
        long bob = account(jdbc, "bob");
        byte[] shared = TestImages.png(90, 90, 9);
        StoredImage adasOwn = store.put(TestImages.png(90, 90, 10), "image/png");
        images.add(newImage(jdbc, ada, adasOwn));
        images.add(newImage(jdbc, ada, store.put(shared, "image/png")));
        StoredImage sharedStored = store.put(shared, "image/png");
        Image bobs = images.add(newImage(jdbc, bob, sharedStored));

        jdbc.sql("DELETE FROM accounts WHERE id = :id").param("id", ada).update();
        clock.advance(Duration.ofHours(2));
        new OrphanSweep(repository, store, clock, properties(Duration.ofHours(1))).sweep();

        assertThat(jdbc.sql("SELECT COUNT(*) FROM images WHERE account_id = :id").param("id", ada).query(Long.class).single()).isZero();
        assertThat(store.open(adasOwn.key())).isEmpty();
        assertThat(store.open(adasOwn.thumbnailKey())).isEmpty();
        assertThat(read(images.content(bob, bobs.id()).orElseThrow())).isEqualTo(shared);
        assertThat(store.open(sharedStored.thumbnailKey())).isPresent();
    }

    private static OrphanSweepProperties properties(Duration minAge) {
        return new OrphanSweepProperties(true, Duration.ofHours(6), minAge);
    }

    static byte[] read(StoredBlob blob) {
        try (InputStream in = blob.resource().getInputStream()) {
            return in.readAllBytes();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

}
