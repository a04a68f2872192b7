package app.atelier.generation;

import java.util.List;

import org.jspecify.annotations.Nullable;

/** One page of a user's generations, newest first, and the cursor of the next page (null at the end). */
public record GenerationPage(List<Generation> items, @Nullable String nextCursor) {
}
