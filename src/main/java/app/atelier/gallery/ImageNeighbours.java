package app.atelier.gallery;

import org.jspecify.annotations.Nullable;

/** The images listed just before and just after one image in a gallery listing; null at either end. */
public record ImageNeighbours(@Nullable Long previous, @Nullable Long next) {
}
