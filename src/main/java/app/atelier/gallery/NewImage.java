package app.atelier.gallery;

import app.atelier.storage.StoredImage;

import org.jspecify.annotations.Nullable;

/** An image whose bytes are already durable in the image store, to be recorded for its owner. */
public record NewImage(long accountId, long generationId, StoredImage stored, String prompt, @Nullable String style,
        String aspectRatio, String provider) {
}
