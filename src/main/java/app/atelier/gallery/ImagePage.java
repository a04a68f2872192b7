package app.atelier.gallery;

import java.util.List;

import org.jspecify.annotations.Nullable;

/** One page of a gallery listing and the cursor of the next (null at the end). */
public record ImagePage(List<Image> items, @Nullable String nextCursor) {
}
