package app.atelier.storage;

import java.nio.file.Files;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import app.atelier.platform.DataDirectory;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest
class ImageStoreWiringTests {

    @Autowired
    ImageStore store;

    @Autowired
    DataDirectory dataDirectory;

    @Test
    void keepsImagesInTheImagesFolderOfTheDataDirectory() {
        StoredImage stored = store.put(TestImages.png(20, 20, (int) System.nanoTime() & 0xFFFFFF), "image/png");

        assertThat(dataDirectory.root().resolve("images").resolve(stored.key().substring(0, 2))
                .resolve(stored.key().substring(2, 4)).resolve(stored.key())).exists();
        assertThat(Files.exists(dataDirectory.root().resolve("images"))).isTrue();
        store.delete(stored.key());
        assertThat(store.open(stored.key())).isEmpty();
    }

}
