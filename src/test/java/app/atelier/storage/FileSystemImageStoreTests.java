package app.atelier.storage;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileSystemImageStoreTests {

    @TempDir
    Path root;

    FileSystemImageStore store;

    @BeforeEach
    void createStore() {
        store = new FileSystemImageStore(root);
    }

    @Test
    void givesBackAPngByteForByte() throws Exception {
        byte[] png = TestImages.png(40, 30, 1);

        StoredImage stored = store.put(png, "image/png");

        assertThat(stored.key()).isEqualTo(sha256(png) + ".png");
        assertThat(stored.thumbnailKey()).isEqualTo(sha256(png) + ".thumb.png");
        assertThat(stored.mimeType()).isEqualTo("image/png");
        assertThat(stored.size()).isEqualTo(png.length);
        assertThat(stored.width()).isEqualTo(40);
        assertThat(stored.height()).isEqualTo(30);
        StoredBlob blob = store.open(stored.key()).orElseThrow();
        assertThat(blob.mimeType()).isEqualTo("image/png");
        assertThat(blob.length()).isEqualTo(png.length);
        assertThat(blob.etag()).isEqualTo("\"" + stored.key() + "\"");
        assertThat(read(blob)).isEqualTo(png);
    }

    @Test
    void givesBackAJpegByteForByte() throws Exception {
        byte[] jpeg = TestImages.jpeg(64, 48, 2);

        StoredImage stored = store.put(jpeg, "image/jpeg");

        assertThat(stored.key()).isEqualTo(sha256(jpeg) + ".jpg");
        assertThat(stored.thumbnailKey()).isEqualTo(sha256(jpeg) + ".thumb.jpg");
        StoredBlob blob = store.open(stored.key()).orElseThrow();
        assertThat(blob.mimeType()).isEqualTo("image/jpeg");
        assertThat(read(blob)).isEqualTo(jpeg);
        assertThat(store.open(stored.thumbnailKey()).orElseThrow().mimeType()).isEqualTo("image/jpeg");
    }

    @Test
    void storesAGifWithAPngThumbnail() throws Exception {
        byte[] gif = TestImages.gif(20, 10, 3);

        StoredImage stored = store.put(gif, "image/gif");

        assertThat(stored.key()).endsWith(".gif");
        assertThat(stored.thumbnailKey()).endsWith(".thumb.png");
        assertThat(read(store.open(stored.key()).orElseThrow())).isEqualTo(gif);
        assertThat(TestImages.decode(read(store.open(stored.thumbnailKey()).orElseThrow())).getWidth()).isEqualTo(20);
    }

    @Test
    void acceptsMimeTypesInAnyCaseWithParametersAndCommonAliases() {
        assertThat(store.put(TestImages.png(5, 5, 4), "IMAGE/PNG; charset=binary").mimeType()).isEqualTo("image/png");
        assertThat(store.put(TestImages.jpeg(5, 5, 5), "image/jpg").mimeType()).isEqualTo("image/jpeg");
    }

    @Test
    void keepsOneFileForTheSameBytesStoredTwice() throws Exception {
        byte[] png = TestImages.png(30, 30, 6);

        StoredImage first = store.put(png, "image/png");
        Object file = fileKey(store.path(first.key()));
        StoredImage second = store.put(png.clone(), "image/png");

        assertThat(second).isEqualTo(first);
        assertThat(fileKey(store.path(first.key()))).as("the same file, not rewritten").isEqualTo(file);
        assertThat(allFiles()).containsExactlyInAnyOrder(store.path(first.key()), store.path(first.thumbnailKey()));
    }

    @Test
    void givesDifferentBytesDifferentKeys() {
        assertThat(store.put(TestImages.png(30, 30, 7), "image/png").key())
                .isNotEqualTo(store.put(TestImages.png(30, 30, 8), "image/png").key());
    }

    @Test
    void leavesOnlyCompleteFilesUnderShardedFinalNamesWhenPutReturns() throws Exception {
        byte[] png = TestImages.png(600, 400, 9);

        StoredImage stored = store.put(png, "image/png");

        Path file = store.path(stored.key());
        assertThat(root.relativize(file).toString())
                .isEqualTo(stored.key().substring(0, 2) + "/" + stored.key().substring(2, 4) + "/" + stored.key());
        assertThat(Files.readAllBytes(file)).isEqualTo(png);
        assertThat(TestImages.decode(Files.readAllBytes(store.path(stored.thumbnailKey())))).isNotNull();
        assertThat(allFiles()).hasSize(2).noneMatch(path -> path.getFileName().toString().endsWith(".tmp"));
    }

    @Test
    void makesAThumbnailWithTheLongestSideAt512KeepingTheAspectRatio() throws Exception {
        StoredImage wide = store.put(TestImages.png(2048, 1024, 10), "image/png");
        StoredImage tall = store.put(TestImages.jpeg(900, 1600, 11), "image/jpeg");

        BufferedImage wideThumbnail = TestImages.decode(read(store.open(wide.thumbnailKey()).orElseThrow()));
        BufferedImage tallThumbnail = TestImages.decode(read(store.open(tall.thumbnailKey()).orElseThrow()));

        assertThat(wideThumbnail.getWidth()).isEqualTo(512);
        assertThat(wideThumbnail.getHeight()).isEqualTo(256);
        assertThat(tallThumbnail.getHeight()).isEqualTo(512);
        assertThat(tallThumbnail.getWidth()).isEqualTo(288);
        // the red disc in the middle survives scaling
        assertThat(wideThumbnail.getRGB(256, 128) & 0xFFFFFF).isEqualTo(0xFF0000);
    }

    @Test
    void neverEnlargesASmallImageForItsThumbnail() throws Exception {
        StoredImage small = store.put(TestImages.png(300, 200, 12), "image/png");
        StoredImage exact = store.put(TestImages.png(512, 100, 13), "image/png");

        BufferedImage smallThumbnail = TestImages.decode(read(store.open(small.thumbnailKey()).orElseThrow()));
        BufferedImage exactThumbnail = TestImages.decode(read(store.open(exact.thumbnailKey()).orElseThrow()));

        assertThat(smallThumbnail.getWidth()).isEqualTo(300);
        assertThat(smallThumbnail.getHeight()).isEqualTo(200);
        assertThat(exactThumbnail.getWidth()).isEqualTo(512);
        assertThat(exactThumbnail.getHeight()).isEqualTo(100);
    }

    @Test
    void keepsAVeryThinImageAtLeastOnePixelWide() throws Exception {
        StoredImage thin = store.put(TestImages.png(4000, 2, 14), "image/png");

        BufferedImage thumbnail = TestImages.decode(read(store.open(thin.thumbnailKey()).orElseThrow()));

        assertThat(thumbnail.getWidth()).isEqualTo(512);
        assertThat(thumbnail.getHeight()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = { "image/webp", "image/svg+xml", "image/tiff", "text/plain", "application/octet-stream", "", "png" })
    void refusesTypesItDoesNotStore(String mimeType) throws Exception {
        assertThatThrownBy(() -> store.put(TestImages.png(5, 5, 15), mimeType))
                .isInstanceOf(UnsupportedImageException.class)
                .hasMessageContaining("Unsupported image type");
        assertThat(allFiles()).isEmpty();
    }

    @Test
    void refusesBytesThatAreNotAnImage() throws Exception {
        assertThatThrownBy(() -> store.put("<svg xmlns='http://www.w3.org/2000/svg'/>".getBytes(), "image/png"))
                .isInstanceOf(UnsupportedImageException.class)
                .hasMessage("The bytes are not an image");
        assertThatThrownBy(() -> store.put(new byte[0], "image/jpeg")).isInstanceOf(UnsupportedImageException.class);
        assertThat(allFiles()).isEmpty();
    }

    @Test
    void refusesATruncatedImage() throws Exception {
        byte[] png = TestImages.png(200, 200, 16);
        byte[] truncated = java.util.Arrays.copyOf(png, png.length / 2);

        assertThatThrownBy(() -> store.put(truncated, "image/png"))
                .isInstanceOf(UnsupportedImageException.class)
                .hasMessage("The bytes do not decode as image/png");
        assertThat(allFiles()).isEmpty();
    }

    @Test
    void refusesBytesOfAnotherTypeThanClaimed() throws Exception {
        assertThatThrownBy(() -> store.put(TestImages.jpeg(10, 10, 17), "image/png"))
                .isInstanceOf(UnsupportedImageException.class)
                .hasMessage("The bytes are jpeg, not image/png");
        assertThat(allFiles()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "../etc/passwd",
            "../../../../etc/passwd",
            "/etc/passwd",
            "..",
            "",
            "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef/../../x.png",
            "../23456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef.png",
            "0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef.png",
            "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde.png",
            "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0.png",
            "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef.exe",
            "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef.png/",
            "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef.png\n",
            "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef.thumb.thumb.png",
            "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef.tmp",
            "g123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef.png",
    })
    void refusesKeysItCouldNotHaveMade(String key) {
        assertThatIllegalArgumentException().isThrownBy(() -> store.open(key)).withMessage("Not an image key");
        assertThatIllegalArgumentException().isThrownBy(() -> store.delete(key)).withMessage("Not an image key");
        assertThat(ImageStore.isKey(key)).isFalse();
    }

    @Test
    void findsNothingUnderAValidKeyThatWasNeverStored() {
        assertThat(store.open("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef.png")).isEmpty();
        assertThat(store.open("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef.thumb.jpg")).isEmpty();
    }

    @Test
    void deletesAnImageWithItsThumbnailAndMayDoItAgain() throws Exception {
        StoredImage kept = store.put(TestImages.png(10, 10, 18), "image/png");
        StoredImage stored = store.put(TestImages.jpeg(700, 700, 19), "image/jpeg");

        store.delete(stored.key());

        assertThat(store.open(stored.key())).isEmpty();
        assertThat(store.open(stored.thumbnailKey())).isEmpty();
        assertThat(allFiles()).containsExactlyInAnyOrder(store.path(kept.key()), store.path(kept.thumbnailKey()));
        store.delete(stored.key());
        store.delete(stored.thumbnailKey());
        assertThat(allFiles()).hasSize(2);
    }

    @Test
    void deletesAThumbnailAloneAndRemakesItWhenTheSameBytesArriveAgain() throws Exception {
        byte[] png = TestImages.png(1000, 500, 20);
        StoredImage stored = store.put(png, "image/png");

        store.delete(stored.thumbnailKey());
        assertThat(store.open(stored.key())).isPresent();
        assertThat(store.open(stored.thumbnailKey())).isEmpty();

        store.put(png, "image/png");
        assertThat(TestImages.decode(read(store.open(stored.thumbnailKey()).orElseThrow())).getWidth()).isEqualTo(512);
    }

    @Test
    void leavesOneCorrectFileWhenManyThreadsStoreTheSameBytes() throws Exception {
        byte[] png = TestImages.png(800, 600, 21);
        int threads = 8;
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<StoredImage>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(executor.submit(() -> {
                    start.await();
                    return store.put(png, "image/png");
                }));
            }
            start.countDown();
            for (Future<StoredImage> result : results) {
                assertThat(result.get().key()).isEqualTo(sha256(png) + ".png");
            }
        }
        finally {
            executor.shutdownNow();
        }

        StoredImage stored = store.put(png, "image/png");
        assertThat(Files.readAllBytes(store.path(stored.key()))).isEqualTo(png);
        assertThat(TestImages.decode(Files.readAllBytes(store.path(stored.thumbnailKey()))).getWidth()).isEqualTo(512);
        assertThat(allFiles()).containsExactlyInAnyOrder(store.path(stored.key()), store.path(stored.thumbnailKey()));
    }

    @Test
    void listsTheKeysOfImagesAndThumbnailsStoredBeforeATime() throws Exception {
        StoredImage old = store.put(TestImages.png(600, 300, 22), "image/png");
        StoredImage recent = store.put(TestImages.jpeg(40, 40, 23), "image/jpeg");
        Instant now = Instant.now();
        age(old.key(), now.minus(Duration.ofHours(2)));
        age(old.thumbnailKey(), now.minus(Duration.ofHours(2)));
        age(recent.thumbnailKey(), now.minus(Duration.ofMinutes(10)));

        assertThat(store.keysStoredBefore(now.minus(Duration.ofHours(1)))).containsExactlyInAnyOrder(old.key(), old.thumbnailKey());
        assertThat(store.keysStoredBefore(now.minus(Duration.ofMinutes(5)))).containsExactlyInAnyOrder(old.key(), old.thumbnailKey(),
                recent.thumbnailKey());
        assertThat(store.keysStoredBefore(now.minus(Duration.ofDays(1)))).isEmpty();
    }

    @Test
    void storingTheSameBytesAgainRenewsTheirStoredTime() throws Exception {
        byte[] png = TestImages.png(50, 50, 24);
        StoredImage stored = store.put(png, "image/png");
        Instant now = Instant.now();
        age(stored.key(), now.minus(Duration.ofHours(2)));
        age(stored.thumbnailKey(), now.minus(Duration.ofHours(2)));
        assertThat(store.keysStoredBefore(now.minus(Duration.ofHours(1)))).hasSize(2);

        store.put(png, "image/png");

        assertThat(store.keysStoredBefore(now.minus(Duration.ofHours(1)))).isEmpty();
    }

    @Test
    void listsNeitherTemporaryNorStrayFilesAndMayDeleteWhileListing() throws Exception {
        StoredImage first = store.put(TestImages.png(600, 600, 25), "image/png");
        StoredImage second = store.put(TestImages.png(30, 30, 26), "image/png");
        Path folder = store.path(first.key()).getParent();
        Files.writeString(folder.resolve(first.key() + ".123.tmp"), "half");
        Files.writeString(root.resolve("notes.txt"), "not an image");
        Files.createDirectories(root.resolve("00").resolve("00"));
        Files.writeString(root.resolve("00").resolve("00").resolve(second.key()), "a key in the wrong folder");
        Files.createDirectories(root.resolve("misc"));
        Files.writeString(root.resolve("misc").resolve(second.key()), "a key outside the shards");
        Instant later = Instant.now().plus(Duration.ofHours(1));

        List<String> listed = new ArrayList<>();
        try (Stream<String> keys = store.keysStoredBefore(later)) {
            keys.forEach(key -> {
                listed.add(key);
                store.delete(key);
            });
        }

        // deleting an image deletes its thumbnail, which is then no longer listed
        assertThat(listed).contains(first.key(), second.key()).doesNotHaveDuplicates().allMatch(ImageStore::isKey);
        assertThat(allFiles()).extracting(path -> root.relativize(path).toString()).containsExactlyInAnyOrder(
                root.relativize(folder).resolve(first.key() + ".123.tmp").toString(), "notes.txt", "00/00/" + second.key(),
                "misc/" + second.key());
    }

    private void age(String key, Instant time) throws IOException {
        Files.setLastModifiedTime(store.path(key), FileTime.from(time));
    }

    private static Object fileKey(Path file) throws IOException {
        return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
    }

    private List<Path> allFiles() throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    private static byte[] read(StoredBlob blob) throws IOException {
        try (InputStream in = blob.resource().getInputStream()) {
            return in.readAllBytes();
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

}
