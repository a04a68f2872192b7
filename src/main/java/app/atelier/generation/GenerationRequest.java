package app.atelier.generation;

import org.jspecify.annotations.Nullable;

/** What a user asks for, as sent; {@link Generations#submit} validates it and fills in the defaults. */
public record GenerationRequest(@Nullable String prompt, @Nullable String provider, @Nullable String aspectRatio,
        @Nullable String style, @Nullable Integer count) {
}
