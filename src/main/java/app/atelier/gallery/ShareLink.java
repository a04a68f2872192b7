package app.atelier.gallery;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/** A public link to one image: its absolute URL and when it stops working (never, when null). */
public record ShareLink(String url, @Nullable Instant expiresAt) {
}
