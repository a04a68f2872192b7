package app.atelier.gallery;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import app.atelier.account.Account;
import app.atelier.account.Accounts;
import app.atelier.account.Registration;
import app.atelier.storage.ImageStore;
import app.atelier.storage.StoredImage;
import app.atelier.storage.TestImages;
import app.atelier.support.Unique;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Deleting an account deletes the bytes of its images from the store, but not bytes another account's image shares. */
@SpringBootTest(properties = { "atelier.test.database=postgresql", "atelier.gallery.orphan-sweep.min-age=0s" })
class DeletedAccountImagesTests {

    static final String PASSWORD = "walnut harbour violet";

    @Autowired
    Accounts accounts;

    @Autowired
    Images images;

    @Autowired
    ImageStore store;

    @Autowired
    JdbcClient jdbc;

    @Test
    void theImagesOfADeletedAccountLeaveTheStoreExceptBytesAnotherAccountShares() {
        register("first"); // the first account is the administrator, who could not leave while others stay
        Account ada = register("ada");
        Account bob = register("bob");
        byte[] shared = TestImages.png(100, 60, 31);
        StoredImage adasOwn = store.put(TestImages.jpeg(700, 400, 32), "image/jpeg");
        images.add(GalleryRows.newImage(jdbc, ada.id(), adasOwn));
        images.add(GalleryRows.newImage(jdbc, ada.id(), store.put(shared, "image/png")));
        StoredImage sharedStored = store.put(shared, "image/png");
        Image bobs = images.add(GalleryRows.newImage(jdbc, bob.id(), sharedStored));

        accounts.delete(ada.id(), ada.username(), PASSWORD);

        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
            assertThat(store.open(adasOwn.key())).isEmpty();
            assertThat(store.open(adasOwn.thumbnailKey())).isEmpty();
        });
        assertThat(store.open(sharedStored.key())).isPresent();
        assertThat(store.open(sharedStored.thumbnailKey())).isPresent();
        assertThat(images.content(bob.id(), bobs.id())).isPresent();
    }

    private Account register(String prefix) {
        String name = Unique.name(prefix);
        return accounts.register(new Registration(name, Unique.email(name), PASSWORD, true), Unique.address());
    }

}
