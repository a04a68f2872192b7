package app.atelier.provider;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A successful generation: the images, the model's text (may be empty), the upstream's ids of the turn (conversation,
 * response or candidate ids, for support and debugging) and whether the aspect ratio was emulated.
 */
public record GenerationResult(List<GeneratedImage> images, @Nullable String text, List<String> upstreamIds,
        boolean aspectRatioEmulated) {

    public GenerationResult {
        images = List.copyOf(images);
        upstreamIds = List.copyOf(upstreamIds);
    }

}
