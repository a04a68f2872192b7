package app.atelier.generation;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

import app.atelier.gallery.ImageJson;

/**
 * The generation of {@code api-v1.md}. Additions to the contract: {@code ratioEmulated} (the web path cropped the
 * images to the ratio) and {@code elapsedMs} (from submit to the end, or to now while it runs).
 */
record GenerationJson(long id, String status, String prompt, String provider, String aspectRatio, @Nullable String style,
        int count, Instant createdAt, @Nullable Instant startedAt, @Nullable Instant finishedAt, List<ImageJson> images,
        @Nullable GenerationError error, boolean ratioEmulated, long elapsedMs) {

    static GenerationJson of(Generation generation, Instant now) {
        return new GenerationJson(generation.id(), generation.status().id(), generation.prompt(), generation.provider().id(),
                generation.aspectRatio().id(), generation.style(), generation.count(), generation.createdAt(),
                generation.startedAt(), generation.finishedAt(), generation.images().stream().map(ImageJson::of).toList(),
                generation.error(), generation.ratioEmulated(), generation.elapsed(now).toMillis());
    }

}
