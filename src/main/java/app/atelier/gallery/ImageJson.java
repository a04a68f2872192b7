package app.atelier.gallery;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/** The image of {@code api-v1.md}, as every endpoint that returns images writes it; {@code favourite} is an addition. */
public record ImageJson(long id, @Nullable Long generationId, String prompt, @Nullable String style, String aspectRatio,
        String provider, int width, int height, String mimeType, long bytes, Instant createdAt, String url,
        String thumbnailUrl, @Nullable String shareUrl, boolean favourite) {

    public static ImageJson of(Image image) {
        String base = "/api/v1/images/" + image.id();
        return new ImageJson(image.id(), image.generationId(), image.prompt(), image.style(), image.aspectRatio(),
                image.provider(), image.width(), image.height(), image.mimeType(), image.bytes(), image.createdAt(),
                base + "/content", base + "/thumbnail", image.shareUrl(), image.favourite());
    }

}
