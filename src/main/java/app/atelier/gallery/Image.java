package app.atelier.gallery;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One stored image as its owner sees it, with the parameters of the generation that made it, whether the owner starred
 * it, and its public link while it has a working one.
 */
public record Image(long id, long accountId, @Nullable Long generationId, String prompt, @Nullable String style,
        String aspectRatio, String provider, int width, int height, String mimeType, long bytes, Instant createdAt,
        boolean favourite, @Nullable String shareUrl) {
}
