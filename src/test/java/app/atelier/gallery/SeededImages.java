package app.atelier.gallery;

import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

import app.atelier.storage.ImageStore;
import app.atelier.storage.StoredImage;
import app.atelier.storage.TestImages;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Images recorded the way a finished generation records them: a generation job row, real bytes put into the image
 * store, then {@link Images#add}. Every image gets bytes of its own.
 */
record SeededImages(Images images, ImageStore store, JdbcClient jdbc) {

    private static final AtomicInteger SEED = new AtomicInteger((int) (System.nanoTime() & 0xFFFFF));

    Image add(long accountId, String prompt) {
        return add(accountId, prompt, null, "1:1", "gemini-api");
    }

    Image add(long accountId, String prompt, @Nullable String style, String aspectRatio, String provider) {
        return add(accountId, prompt, style, aspectRatio, provider, TestImages.png(24, 16, nextSeed()), "image/png");
    }

    Image add(long accountId, String prompt, byte[] bytes, String mimeType) {
        return add(accountId, prompt, null, "1:1", "gemini-api", bytes, mimeType);
    }

    Image add(long accountId, String prompt, @Nullable String style, String aspectRatio, String provider, byte[] bytes,
            String mimeType) {
        StoredImage stored = store.put(bytes, mimeType);
        long job = GalleryRows.job(jdbc, accountId, prompt, style, aspectRatio, provider);
        return images.add(new NewImage(accountId, job, stored, prompt, style, aspectRatio, provider));
    }

    static int nextSeed() {
        return SEED.incrementAndGet() & 0xFFFFFF;
    }

}
