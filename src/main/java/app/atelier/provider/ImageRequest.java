package app.atelier.provider;

import org.jspecify.annotations.Nullable;

/** What to generate: the user's prompt, the aspect ratio, a style's prompt suffix (or none) and 1 to 4 images. */
public record ImageRequest(String prompt, AspectRatio aspectRatio, @Nullable String styleText, int count) {

    public ImageRequest {
        if (prompt.isBlank()) {
            throw new IllegalArgumentException("The prompt is empty");
        }
        if (count < 1 || count > 4) {
            throw new IllegalArgumentException("The count must be 1 to 4, not " + count);
        }
    }

}
