package app.atelier.generation;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

import app.atelier.gallery.Image;
import app.atelier.provider.AspectRatio;
import app.atelier.provider.ProviderId;

/**
 * One generation as its owner sees it. {@code ratioEmulated} is true when the web path cropped the images to the
 * ratio; {@code images} are there once it succeeded.
 */
public record Generation(long id, long accountId, GenerationStatus status, String prompt, ProviderId provider,
        AspectRatio aspectRatio, @Nullable String style, int count, Instant createdAt, @Nullable Instant startedAt,
        @Nullable Instant finishedAt, List<Image> images, @Nullable GenerationError error, boolean ratioEmulated) {

    public Generation {
        images = List.copyOf(images);
    }

    /** From submit to the end, or to {@code now} while it is not finished. */
    public Duration elapsed(Instant now) {
        Instant end = finishedAt != null ? finishedAt : now;
        return end.isBefore(createdAt) ? Duration.ZERO : Duration.between(createdAt, end);
    }

}
